#include "analyzer/fetch/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>

#include "analyzer/fetch/retry_policy.h"
#include "analyzer/util/url.h"

namespace tarsier {

namespace {

using Clock = std::chrono::steady_clock;

// One request across its attempts.
struct Transfer {
  size_t index = 0;
  const FetchRequest* request = nullptr;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string body;
  std::string retry_after;  // from the final response of the current attempt
  std::string etag, last_modified;
  bool too_big = false;
  uint64_t max_body = 0;
  int attempts = 0;
  Clock::time_point not_before{};
  // Stall detection: the time of the last byte of the response (headers or body), and whether
  // the attempt was aborted because none came for `stall` after the response had started.
  Clock::time_point last_byte{};
  bool answered = false;
  bool stalled = false;
  std::chrono::milliseconds stall{0};
  char error_buffer[CURL_ERROR_SIZE] = {};
};

// libcurl's low-speed limit averages over several seconds, so a body that stops after a fast
// start is only noticed late; this callback aborts an attempt once no byte came for `stall`.
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  if (t->answered && t->stall.count() > 0 && Clock::now() - t->last_byte > t->stall) {
    t->stalled = true;
    return 1;
  }
  return 0;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  // Also catches bodies without Content-Length and decompressed sizes (gzip bombs).
  if (t->max_body != 0 && t->body.size() + n > t->max_body) {
    t->too_big = true;
    return 0;
  }
  t->body.append(data, n);
  t->last_byte = Clock::now();
  return n;
}

// The value of `line` when it is the header `name` ("name:" lower-case), trimmed; else nullopt.
std::optional<std::string> header_value(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || !curl_strnequal(line.data(), name.data(), name.size())) {
    return std::nullopt;
  }
  std::string_view value = line.substr(name.size());
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  return std::string(value);
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  t->answered = true;
  t->last_byte = Clock::now();
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    // A new response (after a redirect or 100-continue).
    t->retry_after.clear();
    t->etag.clear();
    t->last_modified.clear();
  } else if (line.size() > 12 && curl_strnequal(line.data(), "retry-after:", 12)) {
    t->retry_after = std::string(line.substr(12));
  } else if (auto etag = header_value(line, "etag:")) {
    t->etag = *etag;
  } else if (auto modified = header_value(line, "last-modified:")) {
    t->last_modified = *modified;
  }
  return n;
}

bool is_conditional(const FetchRequest& request) {
  for (const auto& h : request.headers) {
    if (header_value(h, "if-none-match:") || header_value(h, "if-modified-since:")) {
      return true;
    }
  }
  return false;
}

void release(Transfer& t) {
  if (t.easy) {
    curl_easy_cleanup(t.easy);
    t.easy = nullptr;
  }
  if (t.headers) {
    curl_slist_free_all(t.headers);
    t.headers = nullptr;
  }
}

}  // namespace

struct HttpClient::Pool {
  CURLSH* share = nullptr;
  std::mutex share_locks[CURL_LOCK_DATA_LAST];
  std::mutex mutex;
  std::vector<CURLM*> idle;

  Pool() {
    share = curl_share_init();
    if (share) {
      curl_share_setopt(share, CURLSHOPT_LOCKFUNC, &Pool::lock);
      curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, &Pool::unlock);
      curl_share_setopt(share, CURLSHOPT_USERDATA, this);
      curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
      curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    }
  }
  ~Pool() {
    for (CURLM* m : idle) {
      curl_multi_cleanup(m);
    }
    if (share) {
      curl_share_cleanup(share);
    }
  }

  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<Pool*>(user)->share_locks[data].lock();
  }
  static void unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<Pool*>(user)->share_locks[data].unlock();
  }

  // A multi handle keeps its connection cache between batches, so later calls reuse
  // connections (and HTTP/2 sessions) opened by earlier ones.
  CURLM* take() {
    {
      std::lock_guard<std::mutex> guard(mutex);
      if (!idle.empty()) {
        CURLM* m = idle.back();
        idle.pop_back();
        return m;
      }
    }
    CURLM* m = curl_multi_init();
    if (m) {
      curl_multi_setopt(m, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    }
    return m;
  }
  void give_back(CURLM* m) {
    std::lock_guard<std::mutex> guard(mutex);
    idle.push_back(m);
  }
};

struct HttpClient::Breaker {
  mutable std::mutex mutex;
  std::map<std::string, std::string> open;  // host:port -> the error that opened it

  std::optional<std::string> error_for(const std::string& host) const {
    std::lock_guard<std::mutex> guard(mutex);
    auto it = open.find(host);
    return it == open.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
  void trip(const std::string& host, const std::string& error) {
    std::lock_guard<std::mutex> guard(mutex);
    open.emplace(host, error);
  }
};

HttpClient::HttpClient(FetchOptions options)
    : m_options(std::move(options)),
      m_pool(std::make_unique<Pool>()),
      m_breaker(std::make_unique<Breaker>()) {
  m_options.jobs = std::max(1, m_options.jobs);
  m_options.retries = std::max(0, m_options.retries);
}

HttpClient::~HttpClient() = default;

std::vector<std::pair<std::string, std::string>> HttpClient::unreachable_hosts() const {
  std::lock_guard<std::mutex> guard(m_breaker->mutex);
  return {m_breaker->open.begin(), m_breaker->open.end()};
}

void http_global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

FetchResult HttpClient::fetch(const FetchRequest& request) {
  FetchResult out;
  fetch_all({request}, [&](size_t, FetchResult&& r) { out = std::move(r); });
  return out;
}

// One call of fetch_all(): its transfers, those ready to start (queue), those sleeping before a
// retry (waiting) and those parked behind a transfer probing a host that refused a connection.
struct HttpClient::Batch {
  Batch(HttpClient& client, const std::vector<FetchRequest>& requests,
        const std::function<void(size_t, FetchResult&&)>& done);
  void run();

 private:
  const FetchOptions& m_options;
  Pool& m_pool;
  Breaker& m_breaker;
  const std::function<void(size_t, FetchResult&&)>& m_done;
  CURLM* m_multi = nullptr;
  std::vector<Transfer> m_transfers;
  std::deque<size_t> m_queue;
  std::vector<size_t> m_waiting;                        // transfers sleeping before a retry
  std::map<std::string, size_t> m_probing;              // host -> the transfer probing it
  std::map<std::string, std::vector<size_t>> m_parked;  // transfers waiting for that probe
  size_t m_remaining = 0;
  size_t m_active = 0;

  void finish(Transfer& t, long status, std::string error, std::string unreachable = "");
  void refuse_unreachable(Transfer& t, const std::string& host, const std::string& why);
  bool start(Transfer& t);
  void set_transfer_options(Transfer& t);
  void set_request(Transfer& t);
  void settle_probe(const std::string& host, size_t index);
  void wake_retries();
  void start_queued();
  bool collect_finished();
  void attempt_done(CURL* easy, CURLcode code);
  void schedule_retry(Transfer& t, const AttemptInfo& info);
  void wait_for_activity();
};

HttpClient::Batch::Batch(HttpClient& client, const std::vector<FetchRequest>& requests,
                         const std::function<void(size_t, FetchResult&&)>& done)
    : m_options(client.m_options),
      m_pool(*client.m_pool),
      m_breaker(*client.m_breaker),
      m_done(done),
      m_transfers(requests.size()),
      m_remaining(requests.size()) {
  for (size_t i = 0; i < requests.size(); ++i) {
    m_transfers[i].index = i;
    m_transfers[i].request = &requests[i];
    m_transfers[i].max_body = m_options.max_body_bytes;
    m_queue.push_back(i);
  }
}

void HttpClient::Batch::run() {
  m_multi = m_pool.take();
  if (!m_multi) {
    for (auto& t : m_transfers) {
      finish(t, 0, "cannot initialise libcurl");
    }
    return;
  }
  while (m_remaining > 0) {
    wake_retries();
    start_queued();
    if (collect_finished() || m_remaining == 0) {
      continue;
    }
    wait_for_activity();
  }
  m_pool.give_back(m_multi);
}

void HttpClient::Batch::finish(Transfer& t, long status, std::string error,
                               std::string unreachable) {
  release(t);
  FetchResult r;
  r.status = status;
  r.attempts = t.attempts;
  r.error = std::move(error);
  r.unreachable_host = std::move(unreachable);
  if (r.error.empty()) {
    r.body = std::move(t.body);
    r.etag = std::move(t.etag);
    r.last_modified = std::move(t.last_modified);
  }
  std::string().swap(t.body);  // a failed attempt's bytes: assigning "" would keep the buffer
  m_done(t.index, std::move(r));
}

// A transfer to a host the breaker holds open fails at once, without an attempt.
void HttpClient::Batch::refuse_unreachable(Transfer& t, const std::string& host,
                                           const std::string& why) {
  --m_remaining;
  finish(t, 0, "host " + host + " is unreachable (" + why + "); not tried again", host);
}

bool HttpClient::Batch::start(Transfer& t) {
  t.body.clear();
  t.retry_after.clear();
  t.etag.clear();
  t.last_modified.clear();
  t.too_big = false;
  t.error_buffer[0] = '\0';
  ++t.attempts;
  t.easy = curl_easy_init();
  if (!t.easy) {
    return false;
  }
  set_transfer_options(t);
  set_request(t);
  return curl_multi_add_handle(m_multi, t.easy) == CURLM_OK;
}

// The client's policy: protocols, redirects, timeouts, limits, proxy, CA and the callbacks.
void HttpClient::Batch::set_transfer_options(Transfer& t) {
  CURL* e = t.easy;
  curl_easy_setopt(e, CURLOPT_URL, t.request->url.c_str());
  curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, m_options.connect_timeout_ms);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, m_options.timeout_ms);
  // A body that stops arriving is aborted after the stall time and retried (a server or
  // proxy that holds the connection open would otherwise cost the whole timeout, then fail).
  t.stall =
      std::chrono::milliseconds(std::min(m_options.stall_timeout_ms, m_options.timeout_ms / 2));
  t.answered = false;
  t.stalled = false;
  curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, &on_progress);
  curl_easy_setopt(e, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(e, CURLOPT_USERAGENT, m_options.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error_buffer);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
  if (m_options.max_body_bytes != 0) {
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(m_options.max_body_bytes));
  }
  if (!m_options.proxy.empty()) {
    curl_easy_setopt(e, CURLOPT_PROXY, m_options.proxy.c_str());
  }
  if (!m_options.cacert.empty()) {
    curl_easy_setopt(e, CURLOPT_CAINFO, m_options.cacert.c_str());
  }
  if (m_pool.share) {
    curl_easy_setopt(e, CURLOPT_SHARE, m_pool.share);
  }
}

// The request's own headers and body.
void HttpClient::Batch::set_request(Transfer& t) {
  CURL* e = t.easy;
  std::vector<std::string> lines = t.request->headers;
  if (!t.request->post_body.empty()) {
    lines.emplace_back("Expect:");  // no 100-continue round trip before the body
  }
  for (const auto& h : lines) {
    curl_slist* next = curl_slist_append(t.headers, h.c_str());
    if (next) {
      t.headers = next;
    }
  }
  if (t.headers) {
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
  }
  if (!t.request->post_body.empty()) {
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(t.request->post_body.size()));
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, t.request->post_body.data());
  }
}

// The probe of `host` ended: the waiting transfers fail with the breaker's verdict, or go
// back to the queue when the host answered.
void HttpClient::Batch::settle_probe(const std::string& host, size_t index) {
  auto probe = m_probing.find(host);
  if (probe == m_probing.end() || probe->second != index) {
    return;
  }
  m_probing.erase(probe);
  std::vector<size_t> waiting_for = std::move(m_parked[host]);
  m_parked.erase(host);
  auto down = m_breaker.error_for(host);
  for (size_t i : waiting_for) {
    if (down) {
      refuse_unreachable(m_transfers[i], host, *down);
    } else {
      m_queue.push_back(i);
    }
  }
}

// Retries whose time has come go back to the queue.
void HttpClient::Batch::wake_retries() {
  auto now = Clock::now();
  for (auto it = m_waiting.begin(); it != m_waiting.end();) {
    if (m_transfers[*it].not_before <= now) {
      m_queue.push_back(*it);
      it = m_waiting.erase(it);
    } else {
      ++it;
    }
  }
}

// Starts queued transfers up to the job limit.
void HttpClient::Batch::start_queued() {
  while (m_active < static_cast<size_t>(m_options.jobs) && !m_queue.empty()) {
    Transfer& t = m_transfers[m_queue.front()];
    m_queue.pop_front();
    std::string host = url_hostport(t.request->url);
    if (auto down = m_breaker.error_for(host)) {
      refuse_unreachable(t, host, *down);
    } else if (start(t)) {
      ++m_active;
    } else {
      --m_remaining;
      finish(t, 0, "cannot start a transfer for " + t.request->url);
    }
  }
}

// Drives the transfers and handles every attempt that ended; true when one did.
bool HttpClient::Batch::collect_finished() {
  int running = 0;
  curl_multi_perform(m_multi, &running);
  bool progressed = false;
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(m_multi, &left)) {
    if (msg->msg != CURLMSG_DONE) {
      continue;
    }
    progressed = true;
    attempt_done(msg->easy_handle, msg->data.result);
  }
  return progressed;
}

// One attempt ended: park it behind a probe of its host, retry it later, or finish it.
void HttpClient::Batch::attempt_done(CURL* e, CURLcode code) {
  Transfer* t = nullptr;
  curl_easy_getinfo(e, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
  AttemptInfo info;
  info.curl_code = code;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &info.status);
  curl_off_t connect_time = 0;
  curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &connect_time);
  info.connected = connect_time > 0 || info.status != 0;
  info.body_too_big = t->too_big;
  info.stalled = t->stalled;
  info.body_bytes = t->body.size();
  info.curl_error = t->error_buffer;
  info.conditional = is_conditional(*t->request);
  curl_multi_remove_handle(m_multi, e);
  --m_active;

  AttemptVerdict v =
      classify_attempt(info, t->request->url, m_options.timeout_ms, m_options.max_body_bytes);
  bool no_connection = !info.connected && info.status == 0;
  std::string host = url_hostport(t->request->url);
  bool retry = v.outcome == AttemptOutcome::retry && t->attempts <= m_options.retries;
  if (retry && no_connection) {
    // One transfer probes a host that refused a connection; the others wait for its verdict
    // instead of retrying the same dead host each.
    auto [probe, first] = m_probing.emplace(host, t->index);
    if (!first && probe->second != t->index) {
      release(*t);
      m_parked[host].push_back(t->index);
      return;
    }
  }
  if (retry) {
    schedule_retry(*t, info);
    return;
  }
  --m_remaining;
  std::string error = v.error;
  if (!error.empty() && t->attempts > 1) {
    error += " (after " + std::to_string(t->attempts) + " attempts)";
  }
  std::string unreachable;
  if (v.outcome == AttemptOutcome::retry && no_connection) {
    unreachable = host;
    m_breaker.trip(unreachable, error);
  }
  finish(*t, info.status, std::move(error), std::move(unreachable));
  settle_probe(host, t->index);
}

void HttpClient::Batch::schedule_retry(Transfer& t, const AttemptInfo& info) {
  release(t);
  long delay = backoff_delay_ms(m_options.backoff_ms, t.attempts);
  // Servers send Retry-After with 429 and sometimes with 503 (maintenance).
  if (info.status == 429 || info.status == 503) {
    auto now_s = static_cast<int64_t>(time(nullptr));
    if (auto ra = parse_retry_after(t.retry_after, m_options.max_retry_after_ms, now_s)) {
      delay = *ra;
    }
  }
  t.not_before = Clock::now() + std::chrono::milliseconds(delay);
  m_waiting.push_back(t.index);
}

// Sleeps until a transfer has news or the next retry is due (at most a second).
void HttpClient::Batch::wait_for_activity() {
  int timeout_ms = 1000;
  if (!m_waiting.empty()) {
    auto soonest = m_transfers[m_waiting.front()].not_before;
    for (size_t i : m_waiting) {
      soonest = std::min(soonest, m_transfers[i].not_before);
    }
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(soonest - Clock::now());
    timeout_ms = static_cast<int>(std::clamp<int64_t>(wait.count(), 0, 1000));
  }
  curl_multi_poll(m_multi, nullptr, 0, timeout_ms, nullptr);
}

void HttpClient::fetch_all(const std::vector<FetchRequest>& requests,
                           const std::function<void(size_t, FetchResult&&)>& done) {
  if (requests.empty()) {
    return;
  }
  http_global_init();
  Batch(*this, requests, done).run();
}

}  // namespace tarsier
