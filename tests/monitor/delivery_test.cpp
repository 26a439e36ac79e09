// Alert sinks and the delivery loop against real receivers on 127.0.0.1: signed webhook bodies,
// the Slack payload, retries with back-off and exactly one delivery per sink.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "analyzer/db/alert_store.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/fetch/http_client.h"
#include "analyzer/monitor/delivery.h"
#include "analyzer/util/hmac.h"
#include "tests/support/db_samples.h"
#include "tests/support/http_server.h"
#include "tests/support/process.h"

using namespace tarsier;
using namespace tarsier::test;

namespace {

// A receiver that fails the first `failures` requests with 500, then answers 204.
struct Receiver {
  std::mutex mutex;
  std::vector<HttpRequest> accepted;
  std::atomic<int> requests{0};
  int failures = 0;
  HttpServer server{[this](const HttpRequest& r) {
    HttpReply reply;
    if (requests++ < failures) {
      reply.status = 500;
      return reply;
    }
    std::lock_guard<std::mutex> lock(mutex);
    accepted.push_back(r);
    reply.status = 204;
    return reply;
  }};
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server.port()) + "/hook"; }
};

std::string header(const HttpRequest& r, const std::string& name) {
  for (const auto& h : r.headers) {
    if (h.rfind(name + ": ", 0) == 0) {
      return h.substr(name.size() + 2);
    }
  }
  return "";
}

AlertRecord alert(const std::string& key) {
  AlertRecord a;
  a.dedup_key = key;
  a.type = "install-script-added";
  a.severity = Risk::high;
  a.ecosystem = "npm";
  a.name = "fetchy";
  a.version = "2.2.0";
  a.previous_version = "2.1.0";
  a.message = "the manifest declares a postinstall script";
  return a;
}

}  // namespace

TEST_CASE("HMAC-SHA256 matches RFC 4231 test case 2", "[monitor]") {
  CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("webhook deliveries are signed and retried until the receiver takes them once",
          "[monitor]") {
  TempDir dir;
  std::string path = dir.path() + "/risk.db";
  auto db = must(RiskDb::open(path));
  auto store = must(AlertStore::open(path));
  REQUIRE(store);
  Receiver hook;
  hook.failures = 3;
  Receiver slack;
  FetchOptions fetch;
  fetch.retries = 0;
  std::vector<std::unique_ptr<AlertSink>> sinks;
  sinks.push_back(make_webhook_sink(hook.url(), "s3cret", fetch));
  sinks.push_back(make_slack_sink(slack.url(), fetch));
  std::vector<std::string> ids = {sinks[0]->id(), sinks[1]->id()};
  CHECK(ids[0].rfind("webhook:127.0.0.1:", 0) == 0);
  CHECK(ids[0].find("/hook") == std::string::npos);  // the URL itself is not in the id
  bool inserted = false;
  REQUIRE(store->raise(alert("k1"), ids, &inserted));

  int delivered = 0, failed = 0;
  for (int i = 0; i < 40 && delivered < 2; ++i) {
    auto counts = deliver_due(*store, sinks, std::chrono::milliseconds(20));
    delivered += counts.delivered;
    failed += counts.failed;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  CHECK(delivered == 2);
  CHECK(failed == 3);
  // Nothing is due any more: more rounds deliver nothing twice.
  CHECK(deliver_due(*store, sinks, std::chrono::milliseconds(20)).delivered == 0);
  REQUIRE(hook.accepted.size() == 1);
  REQUIRE(slack.accepted.size() == 1);
  const HttpRequest& posted = hook.accepted[0];
  CHECK(posted.method == "POST");
  CHECK(header(posted, "x-tarsier-signature") ==
        "sha256=" + hmac_sha256_hex("s3cret", posted.body));
  CHECK(header(posted, "x-tarsier-alert-key") == "k1");
  auto body = nlohmann::json::parse(posted.body);
  CHECK(body["type"] == "install-script-added");
  CHECK(body["previous_version"] == "2.1.0");
  auto payload = nlohmann::json::parse(slack.accepted[0].body);
  CHECK(payload["text"].get<std::string>().find("npm:fetchy@2.2.0") != std::string::npos);
  auto deliveries = must(store->deliveries(1));
  REQUIRE(deliveries.size() == 2);
  for (const auto& d : deliveries) {
    CHECK(d.state == "delivered");
  }
}

TEST_CASE("delivery back-off doubles and is capped", "[monitor]") {
  using std::chrono::milliseconds;
  CHECK(delivery_backoff(milliseconds(1000), 1) == milliseconds(1000));
  CHECK(delivery_backoff(milliseconds(1000), 3) == milliseconds(4000));
  CHECK(delivery_backoff(milliseconds(1000), 60) == std::chrono::hours(1));
}

TEST_CASE("the JSON-lines file sink writes an alert once, even when asked again", "[monitor]") {
  TempDir dir;
  auto sink = make_jsonl_sink(dir.path() + "/alerts.jsonl");
  AlertRecord a = alert("k1");
  a.id = 7;
  REQUIRE(sink->deliver(a));
  REQUIRE(sink->deliver(a));  // e.g. after a crash before the database said delivered
  REQUIRE(sink->deliver(alert("k2")));
  std::string text = read_text_file(dir.path() + "/alerts.jsonl");
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);
  auto first = nlohmann::json::parse(text.substr(0, text.find('\n')));
  CHECK(first["id"] == 7);
  CHECK(first["key"] == "k1");
  CHECK(first["severity"] == "high");
}
