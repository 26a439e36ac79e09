// The JSON-lines round log of `tarsier watch --log-format json`: one object per line, a `round`
// line with the counts first, then one line per new version, alert, pick and error, each with
// its level.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "analyzer/monitor/watch_log.h"

using namespace tarsier;
using nlohmann::json;

namespace {

std::vector<json> lines_of(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    REQUIRE(json::accept(line));
    out.push_back(json::parse(line));
  }
  return out;
}

}  // namespace

TEST_CASE("a round is logged as JSON lines with levels and events", "[monitor][log]") {
  RoundReport round;
  round.polled = 3;
  round.changed = 1;
  round.unchanged = 1;
  round.failed = 1;
  round.alerts_raised = 1;
  round.duration_ms = 42;
  round.errors = {"left-pad: HTTP 503"};
  VersionChange change;
  change.ecosystem = "npm";
  change.name = "tiny-pad";
  change.version = "1.0.1";
  change.previous = "1.0.0";
  change.risk = Risk::high;
  change.previous_risk = Risk::low;
  change.capabilities_gained = {"network"};
  AlertRecord alert;
  alert.id = 7;
  alert.type = "new-capability";
  alert.severity = Risk::medium;
  alert.message = "capability 'network' appears for the first time";
  change.alerts = {alert};
  round.changes = {change};
  round.picks = {{"tiny-pad", "shop/package-lock.json", "1.0.0", "^1.0.0", "1.0.1"}};
  DeliveryCounts deliveries;
  deliveries.delivered = 1;
  deliveries.failed = 1;
  deliveries.errors = {"webhook: alert 7: HTTP 500"};

  std::ostringstream out;
  write_round_json(round, deliveries, out);
  auto lines = lines_of(out.str());
  REQUIRE(lines.size() == 6);
  CHECK(lines[0]["event"] == "round");
  CHECK(lines[0]["level"] == "warning");  // a poll and a delivery failed
  CHECK(lines[0]["polled"] == 3);
  CHECK(lines[0]["duration_ms"] == 42);
  CHECK(lines[0]["delivered"] == 1);
  CHECK(lines[1]["event"] == "new-version");
  CHECK(lines[1]["package"] == "npm:tiny-pad@1.0.1");
  CHECK(lines[1]["previous_risk"] == "low");
  CHECK(lines[1]["capabilities_gained"] == json::array({"network"}));
  CHECK(lines[2]["event"] == "alert-raised");
  CHECK(lines[2]["alert_id"] == 7);
  CHECK(lines[3]["event"] == "fresh-pick");
  CHECK(lines[3]["pick"] == "1.0.1");
  CHECK(lines[4]["event"] == "poll-error");
  CHECK(lines[4]["level"] == "error");
  CHECK(lines[5]["event"] == "delivery-failed");
  for (const auto& line : lines) {
    CHECK(line["ts"] == lines[0]["ts"]);
  }
}

TEST_CASE("a quiet round is one info line", "[monitor][log]") {
  RoundReport round;
  round.polled = 2;
  round.unchanged = 2;
  std::ostringstream out;
  write_round_json(round, DeliveryCounts{}, out);
  auto lines = lines_of(out.str());
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["level"] == "info");
  CHECK(lines[0]["new_versions"] == 0);

  std::ostringstream retries;
  write_deliveries_json(DeliveryCounts{2, 0, {}}, retries);
  auto retry_lines = lines_of(retries.str());
  REQUIRE(retry_lines.size() == 1);
  CHECK(retry_lines[0]["event"] == "deliveries");
  CHECK(retry_lines[0]["delivered"] == 2);
}
