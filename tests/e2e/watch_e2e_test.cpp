// End-to-end: `tarsier watch` (the real binary) against the local registry while a test publishes
// new versions: alerts raised once and delivered once per sink (also to a receiver that fails
// first), none for a benign release, and nothing lost when the watcher is killed mid-round.

#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "analyzer/db/backend.h"
#include "tests/support/background_process.h"
#include "tests/support/db_samples.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

// A webhook receiver that answers 500 to the first `failures` requests, then 204.
struct Receiver {
  std::mutex mutex;
  std::vector<std::string> bodies;
  std::atomic<int> requests{0};
  std::atomic<int> failures{0};
  HttpServer server{[this](const HttpRequest& r) {
    HttpReply reply;
    reply.status = requests++ < failures ? 500 : 204;
    if (reply.status == 204) {
      std::lock_guard<std::mutex> lock(mutex);
      bodies.push_back(r.body);
    }
    return reply;
  }};
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server.port()) + "/hook"; }
  std::vector<std::string> keys() {
    std::lock_guard<std::mutex> lock(mutex);
    std::vector<std::string> out;
    for (const auto& b : bodies) {
      out.push_back(json::parse(b)["key"]);
    }
    return out;
  }
};

VersionMeta by_alice() {
  VersionMeta meta;
  meta.publisher = "alice";
  meta.maintainers = {"alice"};
  return meta;
}

struct WatchSandbox {
  RegistryServer server;
  TempDir dir;
  Receiver hook;
  std::string lockfile;

  WatchSandbox() {
    std::string integrity = server.publish_dir(
        "tiny-pad", "1.0.0", source_path("fixtures/packages/tiny-pad"), by_alice());
    json lock = {{"name", "demo"}, {"version", "1.0.0"}, {"lockfileVersion", 3}};
    lock["packages"][""] = {{"name", "demo"}, {"dependencies", {{"tiny-pad", "^1.0.0"}}}};
    lock["packages"]["node_modules/tiny-pad"] = {{"version", "1.0.0"}, {"integrity", integrity}};
    lockfile = dir.write("project/package-lock.json", lock.dump(2));
    dir.write("project/package.json",
              json{{"name", "demo"}, {"dependencies", {{"tiny-pad", "^1.0.0"}}}}.dump());
  }

  std::string db() const { return dir.path() + "/risk.db"; }
  std::string jsonl() const { return dir.path() + "/alerts.jsonl"; }

  std::vector<std::string> args(std::vector<std::string> extra) {
    std::vector<std::string> argv = {tarsier_binary(),
                                     "watch",
                                     lockfile,
                                     "--registry",
                                     server.base_url(),
                                     "--db",
                                     db(),
                                     "--interval",
                                     "1s",
                                     "--alert-backoff",
                                     "1s",
                                     "--alert-jsonl",
                                     jsonl(),
                                     "--webhook",
                                     hook.url(),
                                     "--no-policy"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  }

  std::map<std::string, std::optional<std::string>> env() const {
    auto e = isolated_env(dir.path());
    e["TARSIER_WEBHOOK_SECRET"] = "s3cret";
    return e;
  }

  void publish_risky(const std::string& version) {
    VersionMeta meta = by_alice();
    meta.install_script = "node setup.js";
    server.publish_dir("tiny-pad", version, source_path("fixtures/packages/evil-setup"), meta);
  }

  // The database is written by a running watcher: "" until it exists and answers.
  std::string query(const std::string& sql) const { return tarsier::test::try_query_db(db(), sql); }

  std::vector<std::string> jsonl_keys() const {
    return tarsier::test::jsonl_strings(jsonl(), "key");
  }

  std::vector<std::string> db_keys() const {
    std::vector<std::string> out;
    std::istringstream lines(query("SELECT dedup_key FROM alerts ORDER BY id"));
    for (std::string line; std::getline(lines, line);) {
      out.push_back(line);
    }
    return out;
  }
};

std::multiset<std::string> as_set(const std::vector<std::string>& keys) {
  return {keys.begin(), keys.end()};
}

}  // namespace

TEST_CASE(
    "watch: a risky release published while watching alerts once per sink, a failing "
    "receiver included",
    "[e2e][watch]") {
  WatchSandbox box;
  box.hook.failures = 3;
  BackgroundProcess watch(box.args({}), box.env());
  REQUIRE(watch.started());
  // The first round records the package's history and analyses the locked version (baseline).
  REQUIRE(wait_until(
      [&] {
        return box.query("SELECT count(*) FROM analyses") == "1\n" &&
               box.query("SELECT count(*) FROM watch_targets WHERE ok_at IS NOT NULL") == "1\n";
      },
      60000));
  CHECK(box.db_keys().empty());

  box.publish_risky("1.0.1");
  int polls_at_publish = box.server.request_count("/tiny-pad");
  bool alerted = wait_until([&] { return !box.jsonl_keys().empty(); }, 60000);
  // When no alert comes, what the watcher said (or why it stopped) is the diagnosis.
  INFO("exit status: " << watch.wait(0) << "; standard error:\n" << watch.err());
  REQUIRE(alerted);
  // Alerts come from the first poll that sees the new version.
  CHECK(box.server.request_count("/tiny-pad") <= polls_at_publish + 1);
  REQUIRE(wait_until([&] { return box.hook.keys().size() >= box.db_keys().size(); }, 30000));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // a few more rounds

  watch.signal(SIGTERM);
  CHECK(watch.wait(20000) == 0);
  INFO(watch.out() << watch.err());
  std::vector<std::string> keys = box.db_keys();
  CHECK(std::count(keys.begin(), keys.end(), "install-script-added:npm:tiny-pad@1.0.1") == 1);
  CHECK(std::count(keys.begin(), keys.end(), "new-capability:npm:tiny-pad@1.0.1:network") == 1);
  CHECK(as_set(box.jsonl_keys()) == as_set(keys));
  CHECK(as_set(box.hook.keys()) == as_set(keys));
  CHECK(box.hook.requests >= static_cast<int>(keys.size()) + 3);
  CHECK(box.query("SELECT count(*) FROM alert_deliveries WHERE state <> 'delivered'") == "0\n");
  CHECK(watch.out().find("npm:tiny-pad@1.0.1") != std::string::npos);
  CHECK(watch.out().find("fresh install: tiny-pad ^1.0.0 now picks 1.0.1") != std::string::npos);

  ProcessResult listed =
      run_process({tarsier_binary(), "alerts", "--db", box.db(), "--format", "json"}, box.env());
  REQUIRE(listed.exit_code == 0);
  CHECK(json::parse(listed.out)["alerts"].size() == keys.size());
  ProcessResult status =
      run_process({tarsier_binary(), "watch", "--status", "--db", box.db()}, box.env());
  CHECK(status.exit_code == 0);
  CHECK(status.out.find("ok    npm:tiny-pad  latest 1.0.1") != std::string::npos);
}

TEST_CASE("watch --once: a benign release raises nothing, an unchanged packument is a 304",
          "[e2e][watch]") {
  WatchSandbox box;
  ProcessResult first = run_process(box.args({"--once"}), box.env());
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  box.server.publish_dir("tiny-pad", "1.0.1", source_path("fixtures/packages/tiny-pad"),
                         by_alice());
  ProcessResult second = run_process(box.args({"--once"}), box.env());
  INFO(second.out << second.err);
  CHECK(second.exit_code == 0);
  CHECK(second.out.find("1 new version(s), 0 alert(s)") != std::string::npos);
  CHECK(box.db_keys().empty());
  CHECK(read_text_file(box.jsonl()).empty());
  CHECK(box.hook.requests == 0);
  ProcessResult third = run_process(box.args({"--once"}), box.env());
  CHECK(third.exit_code == 0);
  CHECK(box.server.not_modified_count() == 1);
  CHECK(box.query("SELECT state FROM registry_versions ORDER BY version") == "history\ndone\n");

  // A risky release makes --once fail like scan's --fail-on.
  box.publish_risky("1.0.2");
  ProcessResult fourth = run_process(box.args({"--once", "--fail-on", "high"}), box.env());
  CHECK(fourth.exit_code == 1);
  CHECK_FALSE(box.db_keys().empty());
}

TEST_CASE("watch --once: a scan row the database refuses is reported, the release still analysed",
          "[e2e][watch]") {
  WatchSandbox box;
  ProcessResult first = run_process(box.args({"--once"}), box.env());
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  {
    auto writer = must(tarsier::db::open_backend(box.db(), tarsier::db::OpenMode::read_write));
    must(
        writer->exec("CREATE TRIGGER refuse_scans BEFORE INSERT ON scans "
                     "BEGIN SELECT RAISE(ABORT, 'scans refused'); END"));
  }
  box.server.publish_dir("tiny-pad", "1.0.1", source_path("fixtures/packages/tiny-pad"),
                         by_alice());
  ProcessResult second = run_process(box.args({"--once"}), box.env());
  INFO(second.out << second.err);
  CHECK(second.exit_code == 3);
  CHECK((second.out + second.err).find("risk database: " + box.db() + ": scans refused") !=
        std::string::npos);
  CHECK(second.out.find("1 new version(s), 0 alert(s)") != std::string::npos);
  CHECK(box.query("SELECT count(*) FROM scan_packages") == "1\n");  // the first round's only
}

TEST_CASE("watch: killed with SIGKILL mid-round, the restart loses nothing and repeats nothing",
          "[e2e][watch]") {
  WatchSandbox box;
  REQUIRE(run_process(box.args({"--once"}), box.env()).exit_code == 0);
  box.publish_risky("1.0.1");
  std::string tarball = tarball_path("tiny-pad", "1.0.1");
  box.server.inject(tarball, FaultSpec{Fault::slow, -1, 1, 10000});
  {
    BackgroundProcess watch(box.args({}), box.env());
    REQUIRE(wait_until([&] { return box.server.request_count(tarball) > 0; }, 60000));
    watch.signal(SIGKILL);
    CHECK(watch.wait(10000) == -1);
  }
  CHECK(box.query("SELECT state FROM registry_versions WHERE version = '1.0.1'") == "pending\n");
  CHECK(box.db_keys().empty());
  box.server.inject(tarball, FaultSpec{});

  ProcessResult restart = run_process(box.args({"--once"}), box.env());
  INFO(restart.out << restart.err);
  CHECK(restart.exit_code == 1);  // the new version is critical, over the default fail-on
  std::vector<std::string> keys = box.db_keys();
  REQUIRE_FALSE(keys.empty());
  CHECK(as_set(box.jsonl_keys()) == as_set(keys));
  CHECK(as_set(box.hook.keys()) == as_set(keys));
  ProcessResult again = run_process(box.args({"--once"}), box.env());
  CHECK(again.exit_code == 0);
  CHECK(box.db_keys() == keys);
  CHECK(as_set(box.jsonl_keys()) == as_set(keys));
  CHECK(as_set(box.hook.keys()) == as_set(keys));
}
