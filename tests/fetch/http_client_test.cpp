#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "analyzer/fetch/http_client.h"
#include "analyzer/fetch/retry_policy.h"
#include "analyzer/util/integrity.h"
#include "tests/support/pack.h"
#include "tests/support/registry_server.h"

using namespace tarsier;
using namespace tarsier::test;

namespace {

// Small timeouts and back-offs keep the fault tests fast.
FetchOptions fast_options() {
  FetchOptions o;
  o.jobs = 8;
  o.connect_timeout_ms = 2000;
  o.timeout_ms = 3000;
  o.retries = 2;
  o.backoff_ms = 10;
  o.max_retry_after_ms = 2000;
  return o;
}

FetchRequest get(const RegistryServer& server, const std::string& path) {
  return FetchRequest{server.base_url() + path.substr(1), {}, {}};
}

long elapsed_ms(std::chrono::steady_clock::time_point since) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - since)
                               .count());
}

}  // namespace

TEST_CASE("HttpClient fetches a body and sends the request headers", "[fetch]") {
  RegistryServer server;
  server.serve("/hello.txt", "hello world", "text/plain");
  HttpClient http(fast_options());
  FetchRequest r = get(server, "/hello.txt");
  r.headers.push_back("Authorization: Bearer t0ken");
  FetchResult result = http.fetch(r);
  REQUIRE(result.ok());
  REQUIRE(result.status == 200);
  REQUIRE(result.body == "hello world");
  REQUIRE(result.attempts == 1);
  auto headers = server.last_request_headers("/hello.txt");
  REQUIRE(std::count(headers.begin(), headers.end(), "authorization: Bearer t0ken") == 1);
  REQUIRE(std::count(headers.begin(), headers.end(), "user-agent: tarsier") == 1);
  bool accepts_gzip = false;
  for (const auto& h : headers) {
    accepts_gzip |= h.starts_with("accept-encoding:") && h.find("gzip") != std::string::npos;
  }
  REQUIRE(accepts_gzip);
}

TEST_CASE("HttpClient: conditional requests get 304 with no body, and validators", "[fetch]") {
  RegistryServer server;
  server.publish("tiny", "1.0.0", "bytes");
  HttpClient http(fast_options());
  FetchResult full = http.fetch(get(server, "/tiny"));
  REQUIRE(full.ok());
  REQUIRE(full.status == 200);
  REQUIRE(full.etag.size() > 2);
  CHECK_FALSE(full.not_modified());
  FetchRequest again = get(server, "/tiny");
  again.headers.push_back("If-None-Match: " + full.etag);
  FetchResult same = http.fetch(again);
  REQUIRE(same.ok());
  CHECK(same.not_modified());
  CHECK(same.body.empty());
  CHECK(server.not_modified_count() == 1);
  server.publish("tiny", "1.0.1", "other bytes");
  FetchResult changed = http.fetch(again);
  REQUIRE(changed.ok());
  CHECK(changed.status == 200);
  CHECK(changed.etag != full.etag);
}

TEST_CASE("HttpClient POSTs a body", "[fetch]") {
  std::string seen_method, seen_body;
  HttpServer server([&](const HttpRequest& r) {
    seen_method = r.method;
    seen_body = r.body;
    HttpReply reply;
    reply.body = "ok";
    return reply;
  });
  HttpClient http(fast_options());
  FetchRequest r{"http://127.0.0.1:" + std::to_string(server.port()) + "/x", {}, "{\"a\":1}"};
  r.headers.push_back("Content-Type: application/json");
  REQUIRE(http.fetch(r).ok());
  CHECK(seen_method == "POST");
  CHECK(seen_body == "{\"a\":1}");
}

TEST_CASE("HttpClient: 404 is final and names the URL", "[fetch]") {
  RegistryServer server;
  HttpClient http(fast_options());
  FetchRequest request = get(server, "/missing");
  request.headers.push_back("Authorization: Bearer do-not-print");
  FetchResult result = http.fetch(request);
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.status == 404);
  REQUIRE(result.attempts == 1);
  REQUIRE(result.error == "HTTP 404 for " + server.base_url() + "missing");
  REQUIRE(server.request_count("/missing") == 1);
  REQUIRE(result.error.find("do-not-print") == std::string::npos);

  server.serve("/gone", "x");
  server.inject("/gone", FaultSpec{Fault::not_found});
  result = http.fetch(get(server, "/gone"));
  REQUIRE(result.status == 404);
  REQUIRE(server.request_count("/gone") == 1);
}

TEST_CASE("HttpClient retries 5xx and then succeeds", "[fetch]") {
  RegistryServer server;
  server.serve("/flaky", "finally");
  server.inject("/flaky", FaultSpec{Fault::server_error, 2});
  HttpClient http(fast_options());
  FetchResult result = http.fetch(get(server, "/flaky"));
  REQUIRE(result.ok());
  REQUIRE(result.body == "finally");
  REQUIRE(result.attempts == 3);
  REQUIRE(server.request_count("/flaky") == 3);

  // Always failing: gives up after retries + 1 attempts with a useful message.
  server.inject("/flaky", FaultSpec{Fault::server_error});
  result = http.fetch(get(server, "/flaky"));
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.status == 500);
  REQUIRE(result.attempts == 3);
  REQUIRE(result.error.find("HTTP 500 for ") == 0);
  REQUIRE(result.error.find("(after 3 attempts)") != std::string::npos);
}

TEST_CASE("HttpClient honours Retry-After on 429", "[fetch]") {
  RegistryServer server;
  server.serve("/busy", "ok");
  server.inject("/busy", FaultSpec{Fault::too_many_requests, 1, 1});
  HttpClient http(fast_options());
  auto start = std::chrono::steady_clock::now();
  FetchResult result = http.fetch(get(server, "/busy"));
  long took = elapsed_ms(start);
  REQUIRE(result.ok());
  REQUIRE(result.attempts == 2);
  REQUIRE(took >= 950);  // waited the server's 1 s, not the 10 ms back-off
  REQUIRE(took < 2500);

  // A huge Retry-After is capped by max_retry_after_ms.
  server.inject("/busy", FaultSpec{Fault::too_many_requests, 1, 3600});
  FetchOptions o = fast_options();
  o.max_retry_after_ms = 100;
  HttpClient capped(o);
  start = std::chrono::steady_clock::now();
  result = capped.fetch(get(server, "/busy"));
  REQUIRE(result.ok());
  REQUIRE(elapsed_ms(start) < 1500);
}

TEST_CASE("HttpClient: a slow server beyond the timeout is an error", "[fetch]") {
  RegistryServer server;
  server.serve("/slow", "late");
  server.inject("/slow", FaultSpec{Fault::slow, -1, 1, 1500});
  FetchOptions o = fast_options();
  o.timeout_ms = 300;
  HttpClient http(o);
  auto start = std::chrono::steady_clock::now();
  FetchResult result = http.fetch(get(server, "/slow"));
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.error.find("timed out after 300 ms for ") == 0);
  REQUIRE(elapsed_ms(start) < 1400);

  // Slow but within the timeout is fine.
  server.inject("/slow", FaultSpec{Fault::slow, -1, 1, 100});
  result = http.fetch(get(server, "/slow"));
  REQUIRE(result.ok());
  REQUIRE(result.body == "late");
}

TEST_CASE("HttpClient retries a truncated body", "[fetch]") {
  RegistryServer server;
  std::string body(50000, 'x');
  server.serve("/cut", body);
  server.inject("/cut", FaultSpec{Fault::truncated, 1});
  HttpClient http(fast_options());
  FetchResult result = http.fetch(get(server, "/cut"));
  REQUIRE(result.ok());
  REQUIRE(result.body == body);
  REQUIRE(result.attempts == 2);

  server.inject("/cut", FaultSpec{Fault::truncated});
  result = http.fetch(get(server, "/cut"));
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.attempts == 3);
  REQUIRE(result.error.find("connection closed after") == 0);
  REQUIRE(result.body.empty());
}

TEST_CASE("HttpClient delivers wrong bytes that check_integrity then rejects", "[fetch]") {
  RegistryServer server;
  std::string body = "the real tarball";
  server.serve("/t.tgz", body);
  server.inject("/t.tgz", FaultSpec{Fault::wrong_bytes});
  HttpClient http(fast_options());
  FetchResult result = http.fetch(get(server, "/t.tgz"));
  REQUIRE(result.ok());
  REQUIRE(result.body.size() == body.size());
  std::string detail;
  REQUIRE(check_integrity(sri_sha512(body), result.body, &detail) == IntegrityCheck::mismatch);
}

TEST_CASE("HttpClient enforces max_body_bytes", "[fetch]") {
  RegistryServer server;
  server.serve("/big", std::string(100000, 'b'));
  server.serve("/small", std::string(1000, 's'));
  FetchOptions o = fast_options();
  o.max_body_bytes = 10000;
  HttpClient http(o);
  FetchResult result = http.fetch(get(server, "/big"));
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.attempts == 1);  // never retried
  REQUIRE(result.error == "response larger than 10000 bytes for " + server.base_url() + "big");
  REQUIRE(result.body.empty());
  REQUIRE(http.fetch(get(server, "/small")).ok());
}

TEST_CASE("HttpClient follows http redirects but refuses other schemes", "[fetch]") {
  RegistryServer server;
  server.serve("/target", "arrived");
  server.redirect("/moved", server.base_url() + "target");
  server.redirect("/to-file", "file:///etc/passwd");
  server.redirect("/to-ftp", "ftp://127.0.0.1/x");
  HttpClient http(fast_options());
  FetchResult result = http.fetch(get(server, "/moved"));
  REQUIRE(result.ok());
  REQUIRE(result.body == "arrived");
  for (const char* path : {"/to-file", "/to-ftp"}) {
    result = http.fetch(get(server, path));
    INFO(result.error);
    REQUIRE_FALSE(result.ok());
    REQUIRE(result.attempts == 1);
    REQUIRE(result.error.find("not http(s)") != std::string::npos);
  }
  // A URL that is not http(s) to begin with is refused too.
  result = http.fetch(FetchRequest{"file:///etc/passwd", {}, {}});
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.body.empty());
}

TEST_CASE("HttpClient fetches many requests in parallel", "[fetch]") {
  RegistryServer server;
  constexpr size_t k_count = 50;
  std::vector<FetchRequest> requests;
  for (size_t i = 0; i < k_count; ++i) {
    std::string path = "/pkg" + std::to_string(i);
    server.serve(path, "body " + std::to_string(i));
    // Each answer takes 100 ms, so a serial client would need 5 s.
    server.inject(path, FaultSpec{Fault::slow, -1, 1, 100});
    requests.push_back(get(server, path));
  }
  server.inject("/pkg7", FaultSpec{Fault::server_error, 1});
  FetchOptions o = fast_options();
  o.jobs = 16;
  HttpClient http(o);
  std::vector<FetchResult> results(k_count);
  std::set<size_t> seen;
  auto start = std::chrono::steady_clock::now();
  http.fetch_all(requests, [&](size_t i, FetchResult&& r) {
    REQUIRE(seen.insert(i).second);  // each index reported exactly once
    results[i] = std::move(r);
  });
  long took = elapsed_ms(start);
  REQUIRE(seen.size() == k_count);
  for (size_t i = 0; i < k_count; ++i) {
    INFO(i << ": " << results[i].error);
    REQUIRE(results[i].ok());
    REQUIRE(results[i].body == "body " + std::to_string(i));
  }
  REQUIRE(results[7].attempts == 2);
  REQUIRE(took < 2500);
  REQUIRE(server.total_requests() == static_cast<int>(k_count) + 1);
}

TEST_CASE("HttpClient reports connection failures after retrying", "[fetch]") {
  int port = 0;
  {
    RegistryServer server;  // grab a free port, then close it
    port = server.port();
  }
  HttpClient http(fast_options());
  FetchResult result =
      http.fetch(FetchRequest{"http://127.0.0.1:" + std::to_string(port) + "/x", {}, {}});
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.status == 0);
  REQUIRE(result.attempts == 3);
  REQUIRE(result.error.find("for http://127.0.0.1:") != std::string::npos);
}

TEST_CASE("retry policy classification", "[fetch]") {
  auto classify = [](int code, long status) {
    AttemptInfo info;
    info.curl_code = code;
    info.status = status;
    return classify_attempt(info, "https://u:secret@registry.example.test/x", 1000, 10).outcome;
  };
  REQUIRE(classify(0, 200) == AttemptOutcome::success);
  REQUIRE(classify(0, 204) == AttemptOutcome::success);
  REQUIRE(classify(0, 429) == AttemptOutcome::retry);
  REQUIRE(classify(0, 503) == AttemptOutcome::retry);
  REQUIRE(classify(0, 403) == AttemptOutcome::fail);
  REQUIRE(classify(0, 304) == AttemptOutcome::fail);
  AttemptInfo conditional;
  conditional.status = 304;
  conditional.conditional = true;
  REQUIRE(classify_attempt(conditional, "http://h/x", 1000, 10).outcome == AttemptOutcome::success);
  AttemptInfo info;
  info.status = 401;
  REQUIRE(classify_attempt(info, "https://u:secret@registry.example.test/x", 1000, 10).error ==
          "HTTP 401 for https://registry.example.test/x");

  REQUIRE(backoff_delay_ms(100, 1) == 100);
  REQUIRE(backoff_delay_ms(100, 3) == 400);
  REQUIRE(backoff_delay_ms(100, 60) == 60000);
  REQUIRE(parse_retry_after("2", 30000, 0) == std::optional<long>(2000));
  REQUIRE(parse_retry_after(" 120 ", 30000, 0) == std::optional<long>(30000));
  REQUIRE(parse_retry_after("99999999999999999999", 30000, 0) == std::optional<long>(30000));
  REQUIRE(parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", 30000, 1445412480) ==
          std::optional<long>(10000));
  REQUIRE_FALSE(parse_retry_after("soon", 30000, 0));
  REQUIRE_FALSE(parse_retry_after("", 30000, 0));
}

TEST_CASE("HttpClient reuses connections across requests and calls", "[fetch]") {
  RegistryServer server;
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 20; ++i) {
    std::string path = "/r" + std::to_string(i);
    server.serve(path, "x");
    requests.push_back(get(server, path));
  }
  FetchOptions o = fast_options();
  o.jobs = 4;
  HttpClient http(o);
  for (const auto& r : requests) {
    REQUIRE(http.fetch(r).ok());
  }
  REQUIRE(server.connections() == 1);
  size_t ok = 0;
  http.fetch_all(requests, [&](size_t, FetchResult&& r) { ok += r.ok() ? 1 : 0; });
  REQUIRE(ok == requests.size());
  REQUIRE(server.connections() <= 4);
}

TEST_CASE("HttpClient can be used from several threads at once", "[fetch]") {
  RegistryServer server;
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 10; ++i) {
    std::string path = "/t" + std::to_string(i);
    server.serve(path, path);
    requests.push_back(get(server, path));
  }
  HttpClient http(fast_options());
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      http.fetch_all(requests, [&](size_t i, FetchResult&& r) {
        if (r.ok() && r.body == "/t" + std::to_string(i)) {
          ++good;
        }
      });
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  REQUIRE(good == 30);
}

TEST_CASE("HttpClient decodes gzip and limits the decoded size", "[fetch]") {
  RegistryServer server;
  std::string text(200000, 'a');
  HttpReply reply;
  reply.body = gzip_compress(text);
  reply.headers.push_back("Content-Encoding: gzip");
  REQUIRE(reply.body.size() < 5000);
  server.serve_reply("/z", reply);
  HttpClient http(fast_options());
  FetchResult result = http.fetch(get(server, "/z"));
  REQUIRE(result.ok());
  REQUIRE(result.body == text);

  // A small compressed body that inflates beyond the limit is stopped (decompression bomb).
  FetchOptions o = fast_options();
  o.max_body_bytes = 50000;
  HttpClient limited(o);
  result = limited.fetch(get(server, "/z"));
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.error.find("response larger than 50000 bytes") == 0);
}

TEST_CASE("the test registry survives clients that disconnect", "[fetch]") {
  RegistryServer server;
  server.serve("/ok", "fine");
  for (const std::string junk : {"", "GET /ok HTTP/1.1\r\nHost: x", "garbage\r\n\r\n",
                                 "POST /ok HTTP/1.1\r\nContent-Length: 100\r\n\r\nabc"}) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(server.port()));
    REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    if (!junk.empty()) {
      REQUIRE(send(fd, junk.data(), junk.size(), MSG_NOSIGNAL) ==
              static_cast<ssize_t>(junk.size()));
    }
    close(fd);
  }
  HttpClient http(fast_options());
  FetchResult result = http.fetch(get(server, "/ok"));
  REQUIRE(result.ok());
  REQUIRE(result.body == "fine");
}

TEST_CASE("HttpClient waits for Retry-After on 503 too", "[fetch]") {
  RegistryServer server;
  HttpReply maintenance;
  maintenance.status = 503;
  maintenance.headers.push_back("Retry-After: 1");
  server.serve_reply("/maint", maintenance);
  FetchOptions o = fast_options();
  o.retries = 1;
  HttpClient http(o);
  auto start = std::chrono::steady_clock::now();
  FetchResult result = http.fetch(get(server, "/maint"));
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.status == 503);
  REQUIRE(result.attempts == 2);
  REQUIRE(elapsed_ms(start) >= 950);
}
