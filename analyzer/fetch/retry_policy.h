// What to do after one HTTP attempt: succeed, try again later, or give up. Kept apart from the
// transfer loop so the policy can be tested without a server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tarsier {

enum class AttemptOutcome { success, retry, fail };

// What libcurl reported about one finished attempt.
struct AttemptInfo {
  int curl_code = 0;  // CURLcode
  long status = 0;    // HTTP status, 0 when no response
  bool body_too_big = false;
  bool stalled = false;      // aborted: no byte of the started response for the stall time
  bool connected = true;     // false when the TCP/TLS connection was never established
  bool conditional = false;  // the request carried If-None-Match or If-Modified-Since
  uint64_t body_bytes = 0;
  std::string curl_error;  // libcurl's error buffer (may be empty)
};

struct AttemptVerdict {
  AttemptOutcome outcome = AttemptOutcome::fail;
  std::string error;  // short reason, already naming the (redacted) URL
};

// Classifies an attempt: 2xx succeeds, and 304 (not modified) when the request was conditional;
// 429, 5xx, connection failures, bodies cut short and bodies that stalled (libcurl's low-speed
// abort) are retried; other 4xx, oversized bodies,
// timeouts of an established transfer, refused redirects and everything else fail at once.
AttemptVerdict classify_attempt(const AttemptInfo& info, const std::string& url, long timeout_ms,
                                uint64_t max_body_bytes);

// Delay before retry number `retry` (1 for the first retry): `backoff_ms` doubling each time,
// capped at one minute.
long backoff_delay_ms(long backoff_ms, int retry);

// A Retry-After value in milliseconds (delta-seconds, or an HTTP date relative to `now_s`),
// capped at `cap_ms`; nullopt when absent or unreadable.
std::optional<long> parse_retry_after(std::string_view value, long cap_ms, int64_t now_s);

}  // namespace tarsier
