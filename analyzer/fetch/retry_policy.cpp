#include "analyzer/fetch/retry_policy.h"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>

#include "analyzer/util/url.h"

namespace tarsier {

AttemptVerdict classify_attempt(const AttemptInfo& info, const std::string& url, long timeout_ms,
                                uint64_t max_body_bytes) {
  const std::string where = " for " + redact_url(url);
  auto verdict = [&](AttemptOutcome o, std::string message) {
    return AttemptVerdict{o, std::move(message) + where};
  };
  auto code = static_cast<CURLcode>(info.curl_code);
  if (info.stalled) {
    return verdict(AttemptOutcome::retry,
                   "the body stalled after " + std::to_string(info.body_bytes) + " bytes");
  }
  if (info.body_too_big || code == CURLE_FILESIZE_EXCEEDED) {
    return verdict(AttemptOutcome::fail,
                   "response larger than " + std::to_string(max_body_bytes) + " bytes");
  }
  if (code == CURLE_OK) {
    // 304 answers a conditional request (If-None-Match / If-Modified-Since): nothing changed.
    if ((info.status >= 200 && info.status < 300) || (info.status == 304 && info.conditional)) {
      return AttemptVerdict{AttemptOutcome::success, ""};
    }
    bool transient = info.status == 429 || (info.status >= 500 && info.status < 600);
    return verdict(transient ? AttemptOutcome::retry : AttemptOutcome::fail,
                   "HTTP " + std::to_string(info.status));
  }
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
      return verdict(AttemptOutcome::fail, "refused a redirect or URL that is not http(s)");
    case CURLE_TOO_MANY_REDIRECTS:
      return verdict(AttemptOutcome::fail, "too many redirects");
    case CURLE_PEER_FAILED_VERIFICATION: {
      std::string what = info.curl_error.empty() ? curl_easy_strerror(code) : info.curl_error;
      return AttemptVerdict{AttemptOutcome::fail,
                            "TLS certificate not trusted" + where + " (" + what +
                                "); pass its CA bundle with --cacert FILE or cafile in .npmrc"};
    }
    case CURLE_OPERATION_TIMEDOUT:
      if (!info.connected) {
        return verdict(AttemptOutcome::retry, "connection timed out");
      }

      return verdict(AttemptOutcome::fail, "timed out after " + std::to_string(timeout_ms) + " ms");
    case CURLE_PARTIAL_FILE:
      return verdict(AttemptOutcome::retry, "connection closed after " +
                                                std::to_string(info.body_bytes) +
                                                " bytes, before the whole body arrived");
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_BAD_CONTENT_ENCODING: {
      std::string what = info.curl_error.empty() ? curl_easy_strerror(code) : info.curl_error;
      return verdict(AttemptOutcome::retry, what);
    }
    default: {
      std::string what = info.curl_error.empty() ? curl_easy_strerror(code) : info.curl_error;
      return verdict(AttemptOutcome::fail, what);
    }
  }
}

long backoff_delay_ms(long backoff_ms, int retry) {
  constexpr long k_max_ms = 60000;
  long delay = std::max(0L, backoff_ms);
  for (int i = 1; i < retry && delay < k_max_ms; ++i) {
    delay *= 2;
  }
  return std::min(delay, k_max_ms);
}

std::optional<long> parse_retry_after(std::string_view value, long cap_ms, int64_t now_s) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r' ||
                            value.back() == '\n')) {
    value.remove_suffix(1);
  }
  if (value.empty()) {
    return std::nullopt;
  }
  long long seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc::result_out_of_range) {
    return cap_ms;
  }
  if (ec != std::errc() || end != value.data() + value.size()) {
    time_t when = curl_getdate(std::string(value).c_str(), nullptr);
    if (when < 0) {
      return std::nullopt;
    }
    seconds = std::max<long long>(0, static_cast<long long>(when) - now_s);
  }
  if (seconds < 0) {
    return std::nullopt;
  }
  if (seconds >= cap_ms / 1000 + 1) {
    return cap_ms;
  }
  return std::min<long long>(seconds * 1000, cap_ms);
}

}  // namespace tarsier
