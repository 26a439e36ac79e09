// End-to-end: `tarsier watch --log-format json` logs every round and event as JSON lines; its
// alerts land in the audit chain that `tarsier db verify` checks, `tarsier db prune` keeps the
// chain intact, and `tarsier query` finds the alerts and the watching project.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

struct AuditSandbox {
  RegistryServer server;
  TempDir dir;
  std::string lockfile;

  AuditSandbox() {
    VersionMeta meta;
    meta.publisher = "alice";
    meta.maintainers = {"alice"};
    std::string integrity =
        server.publish_dir("tiny-pad", "1.0.0", source_path("fixtures/packages/tiny-pad"), meta);
    json lock = {{"name", "shop"}, {"version", "1.0.0"}, {"lockfileVersion", 3}};
    lock["packages"][""] = {{"name", "shop"}, {"dependencies", {{"tiny-pad", "^1.0.0"}}}};
    lock["packages"]["node_modules/tiny-pad"] = {{"version", "1.0.0"}, {"integrity", integrity}};
    lockfile = dir.write("shop/package-lock.json", lock.dump(2));
    dir.write("shop/package.json",
              json{{"name", "shop"}, {"dependencies", {{"tiny-pad", "^1.0.0"}}}}.dump());
  }

  std::string db() const { return dir.path() + "/risk.db"; }

  ProcessResult run(std::vector<std::string> args) const {
    args.insert(args.begin(), tarsier_binary());
    return run_process(args, isolated_env(dir.path()));
  }

  ProcessResult watch_once() const {
    return run({"watch", lockfile, "--once", "--log-format", "json", "--registry",
                server.base_url(), "--db", db(), "--no-policy", "--fail-on", "high"});
  }

  void publish_risky(const std::string& version) {
    VersionMeta meta;
    meta.publisher = "alice";
    meta.maintainers = {"alice"};
    meta.install_script = "node setup.js";
    server.publish_dir("tiny-pad", version, source_path("fixtures/packages/evil-setup"), meta);
  }

  void write(const std::string& sql) const {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db().c_str(), &handle) == SQLITE_OK);
    int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(handle);
    REQUIRE(rc == SQLITE_OK);
  }
};

std::vector<json> json_lines(const std::string& text) {
  std::vector<json> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    REQUIRE(json::accept(line));
    out.push_back(json::parse(line));
  }
  return out;
}

std::vector<json> events(const std::vector<json>& lines, const std::string& event) {
  std::vector<json> out;
  for (const auto& l : lines) {
    if (l["event"] == event) {
      out.push_back(l);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("watch logs JSON lines, its alerts are audited, verify detects tampering",
          "[e2e][watch][audit]") {
  AuditSandbox box;
  ProcessResult first = box.watch_once();
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  auto lines = json_lines(first.out);
  auto rounds = events(lines, "round");
  REQUIRE(rounds.size() == 1);
  CHECK(rounds[0]["level"] == "info");
  CHECK(rounds[0]["polled"] == 1);
  CHECK(rounds[0]["duration_ms"].is_number_integer());
  CHECK(rounds[0]["ts"].get<std::string>().back() == 'Z');

  box.publish_risky("1.0.1");
  ProcessResult second = box.watch_once();
  INFO(second.err);
  CHECK(second.exit_code == 1);
  lines = json_lines(second.out);
  auto versions = events(lines, "new-version");
  REQUIRE(versions.size() == 1);
  CHECK(versions[0]["package"] == "npm:tiny-pad@1.0.1");
  CHECK(versions[0]["level"] == "warning");
  auto alerts = events(lines, "alert-raised");
  CHECK(alerts.size() >= 2);  // install script added, network gained
  CHECK(events(lines, "round")[0]["alerts"] == alerts.size());

  // The watch scans recorded the project; the alerts are in the query and the audit chain.
  CHECK(box.run({"query", "projects", "--db", box.db()}).out.find("shop") != std::string::npos);
  auto recent = box.run({"query", "alerts", "--db", box.db(), "--format", "json"});
  REQUIRE(recent.exit_code == 0);
  CHECK(json::parse(recent.out).size() == alerts.size());
  auto verify = box.run({"db", "verify", "--db", box.db()});
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);
  CHECK(verify.out.find("intact") != std::string::npos);
  REQUIRE(box.run({"alerts", "--ack", "1", "--actor", "carol", "--db", box.db()}).exit_code == 0);
  auto exported = json_lines(box.run({"audit", "export", "--db", box.db()}).out);
  CHECK(exported == json_lines(box.run({"db", "audit-export", "--db", box.db()}).out));
  // Each watch run's scan started and finished, its alerts raised, one acknowledged.
  CHECK(events(exported, "scan-started").size() == 2);
  CHECK(events(exported, "scan-finished").size() == 2);
  REQUIRE(exported.size() == alerts.size() + 1 + 4);
  CHECK(exported.back()["event"] == "alert-acknowledged");
  CHECK(exported.back()["actor"] == "carol");

  // Retention keeps the chain intact and the unacknowledged alerts.
  CHECK(box.run({"db", "prune", "--db", box.db()}).exit_code == 2);
  auto prune = box.run({"db", "prune", "--keep-scans", "1", "--db", box.db()});
  INFO(prune.err);
  CHECK(prune.exit_code == 0);
  CHECK(box.run({"audit", "verify", "--db", box.db()}).exit_code == 0);

  box.write("UPDATE alerts SET severity = 'low' WHERE id = 2");
  verify = box.run({"audit", "verify", "--db", box.db(), "--format", "json"});
  CHECK(verify.exit_code == 1);
  CHECK(box.run({"db", "verify", "--db", box.db()}).exit_code == 1);
  json report = json::parse(verify.out);
  REQUIRE(report["problems"].size() == 1);
  CHECK(report["problems"][0].get<std::string>().find("alert 2") != std::string::npos);
}
