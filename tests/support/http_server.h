// A minimal HTTP/1.1 server on 127.0.0.1 (ephemeral port) for tests: one thread accepts, each
// connection gets its own thread, keep-alive is supported, and the destructor stops and joins
// everything. What to answer is up to the handler; RegistryServer builds on it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tarsier::test {

struct HttpRequest {
  std::string method;
  std::string target;                // as sent, query included
  std::string path;                  // target without the query
  std::vector<std::string> headers;  // "name: value", name lower-cased, value as sent
  std::string body;                  // as sent (Content-Length bytes)
};

struct HttpReply {
  int status = 200;
  std::string content_type = "application/octet-stream";
  std::string body;
  std::vector<std::string> headers;  // extra header lines, e.g. "Retry-After: 1"
  int delay_ms = 0;                  // wait before answering (interrupted by shutdown)
  // Content-Length to announce when it should differ from body.size() (a truncated answer);
  // the connection is closed after such a reply.
  long long announced_length = -1;
  // A body that stalls: headers and this many body bytes, then `stall_ms` of silence, then the
  // rest (-1: no stall).
  long long stall_after_bytes = -1;
  int stall_ms = 0;
  bool reset = false;  // close the connection without any answer
};

class HttpServer {
 public:
  using Handler = std::function<HttpReply(const HttpRequest&)>;

  // Binds 127.0.0.1:0 and starts serving; the handler may be called from many threads at once.
  explicit HttpServer(Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const;
  // TCP connections accepted so far (to check that clients reuse connections).
  int connections() const;

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace tarsier::test
