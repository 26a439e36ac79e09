// Parallel HTTP(S) downloads through libcurl's multi interface: HTTP/2 when offered, timeouts,
// retries with exponential back-off (connection errors, 5xx, 429 with Retry-After), a maximum
// body size, redirects restricted to http(s), and a circuit breaker per host: a host that could
// not be reached after the retries is not tried again by this client.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tarsier {

struct FetchOptions {
  int jobs = 8;  // transfers in flight at once
  long connect_timeout_ms = 10000;
  long timeout_ms = 120000;                // whole transfer
  long stall_timeout_ms = 30000;           // no byte for this long: abort and retry (at
                                           // most half of timeout_ms)
  int retries = 3;                         // extra attempts after the first
  long backoff_ms = 250;                   // first retry delay; doubles each attempt
  long max_retry_after_ms = 30000;         // cap on a server's Retry-After
  uint64_t max_body_bytes = 256ull << 20;  // 0 = no limit
  std::string proxy;                       // --proxy, "" = libcurl's environment handling
  std::string cacert;                      // --cacert, "" = libcurl's built-in bundle
  std::string user_agent = "tarsier";
};

struct FetchRequest {
  std::string url;
  std::vector<std::string> headers;  // full header lines, e.g. "Authorization: Bearer x"
  std::string post_body;             // non-empty: a POST with this body instead of a GET
};

struct FetchResult {
  long status = 0;  // final HTTP status, 0 when no response
  std::string body;
  std::string error;  // empty on success (2xx and body within limits)
  int attempts = 0;
  // Validators of the final response, for a later conditional request (If-None-Match,
  // If-Modified-Since); "" when the server sent none. A 304 answer is a success with no body.
  std::string etag;
  std::string last_modified;
  // Set when no connection to the host could be made (DNS, refused, connect timeout): the host
  // as "host:port". Once a request to a host has failed that way after its retries, the host is
  // marked unreachable and later requests to it fail at once, without an attempt.
  std::string unreachable_host;
  bool ok() const { return error.empty(); }
  bool not_modified() const { return ok() && status == 304; }
};

class HttpClient {
 public:
  explicit HttpClient(FetchOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Runs every request, at most options.jobs at once, and calls `done(index, result)` on the
  // calling thread as each one finishes (success or final failure). Several threads may call
  // it at once; each call gets its own transfer set, connections are kept for later calls.
  void fetch_all(const std::vector<FetchRequest>& requests,
                 const std::function<void(size_t, FetchResult&&)>& done);

  // One request, same policy.
  FetchResult fetch(const FetchRequest& request);

  // The hosts found unreachable so far ("host:port" -> the error that opened the breaker).
  std::vector<std::pair<std::string, std::string>> unreachable_hosts() const;

 private:
  struct Pool;     // idle libcurl multi handles (each with its connection cache) and a share
  struct Breaker;  // the hosts found unreachable, shared by every thread using this client
  struct Batch;    // the transfers of one fetch_all() call
  FetchOptions m_options;
  std::unique_ptr<Pool> m_pool;
  std::unique_ptr<Breaker> m_breaker;
};

// Call once before any thread starts (wraps curl_global_init).
void http_global_init();

}  // namespace tarsier
