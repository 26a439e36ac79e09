// End-to-end: one risk database for several projects. Scans record their project (--project,
// else the lockfile's directory name); the documented views and `tarsier query` answer which
// projects use a package, a project's risk over time, recent alerts and capability gains.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>

#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

struct ProjectsSandbox {
  RegistryServer server;
  TempDir dir;
  std::map<std::string, std::string> integrity;  // name@version -> integrity

  ProjectsSandbox() {
    publish("tiny-pad", "1.0.0", "tiny-pad");
    publish("evil-setup", "0.0.1", "evil-setup");
  }

  void publish(const std::string& name, const std::string& version, const std::string& source) {
    integrity[name + "@" + version] =
        server.publish_dir(name, version, source_path("fixtures/packages/" + source));
  }

  // A package-lock.json v3 in dir/<project>/ naming name@version entries.
  std::string lockfile(const std::string& project, const std::vector<std::string>& ids) const {
    json lock = {{"name", project}, {"version", "1.0.0"}, {"lockfileVersion", 3}};
    lock["packages"][""] = {{"name", project}, {"version", "1.0.0"}};
    for (const auto& id : ids) {
      std::string name = id.substr(0, id.find('@'));
      lock["packages"]["node_modules/" + name] = {{"version", id.substr(id.find('@') + 1)},
                                                  {"integrity", integrity.at(id)}};
    }
    return dir.write(project + "/package-lock.json", lock.dump(2));
  }

  std::string db() const { return dir.path() + "/risk.db"; }

  ProcessResult run(std::vector<std::string> args) const {
    args.insert(args.begin(), tarsier_binary());
    return run_process(args, isolated_env(dir.path()));
  }

  ProcessResult scan(std::vector<std::string> extra) const {
    std::vector<std::string> args = {
        "scan", "--quiet", "--no-policy", "--registry", server.base_url(), "--db", db()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
  }

  json query(std::vector<std::string> extra) const {
    std::vector<std::string> args = {"query", "--db", db(), "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto result = run(args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return json::parse(result.out);
  }

  void exec(const std::string& sql) const {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db().c_str(), &handle) == SQLITE_OK);
    char* message = nullptr;
    int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message);
    INFO((message != nullptr ? message : ""));
    sqlite3_free(message);
    sqlite3_close(handle);
    REQUIRE(rc == SQLITE_OK);
  }
};

std::set<std::string> column(const json& rows, const std::string& name) {
  std::set<std::string> out;
  for (const auto& row : rows) {
    out.insert(row[name].get<std::string>());
  }
  return out;
}

}  // namespace

TEST_CASE("scans record their project and the views answer which projects use a package",
          "[e2e][query]") {
  ProjectsSandbox box;
  auto a = box.scan({box.lockfile("app-a", {"tiny-pad@1.0.0"})});
  REQUIRE(a.exit_code == 0);
  auto b =
      box.scan({box.lockfile("app-b", {"tiny-pad@1.0.0", "evil-setup@0.0.1"}), "--format", "json"});
  REQUIRE(b.exit_code == 1);
  auto c = box.scan({"npm:tiny-pad@1.0.0", "--project", "billing"});
  REQUIRE(c.exit_code == 0);

  CHECK(column(box.query({"projects"}), "project") ==
        std::set<std::string>{"app-a", "app-b", "billing"});
  CHECK(column(box.query({"projects-using", "tiny-pad"}), "project") ==
        std::set<std::string>{"app-a", "app-b", "billing"});
  json evil = box.query({"projects-using", "evil-setup"});
  REQUIRE(evil.size() == 1);
  CHECK(evil[0]["project"] == "app-b");
  CHECK(evil[0]["version"] == "0.0.1");

  // The project's risk is what its scan reported.
  json report = json::parse(b.out);
  std::string highest = "none";
  for (const auto& p : report["packages"]) {
    if (p["name"] == "evil-setup") {
      highest = p["risk"];
    }
  }
  json risk = box.query({"project-risk", "app-b"});
  REQUIRE(risk.size() == 1);
  CHECK(risk[0]["highest_risk"] == highest);
  CHECK(risk[0]["packages"] == 2);
  CHECK(box.query({"project-risk", "app-a"})[0]["highest_risk"] != "high");

  // A second scan of app-a with another version: its packages are the latest scan's, and its
  // risk has two points in time.
  box.publish("tiny-pad", "1.0.1", "evil-setup");
  REQUIRE(box.scan({box.lockfile("app-a", {"tiny-pad@1.0.1"})}).exit_code == 1);
  json using_pad = box.query({"projects-using", "tiny-pad"});
  std::map<std::string, std::string> versions;
  for (const auto& row : using_pad) {
    versions[row["project"]] = row["version"];
  }
  CHECK(versions == std::map<std::string, std::string>{
                        {"app-a", "1.0.1"}, {"app-b", "1.0.0"}, {"billing", "1.0.0"}});
  CHECK(box.query({"project-risk", "app-a"}).size() == 2);

  // tiny-pad gained the network capability with 1.0.1; evil-setup (one version) gained nothing.
  json gains = box.query({"capability-gains"});
  std::set<std::string> gained;
  for (const auto& row : gains) {
    gained.insert(row["name"].get<std::string>() + "@" + row["version"].get<std::string>() + ":" +
                  row["capability"].get<std::string>());
  }
  CHECK(gained.count("tiny-pad@1.0.1:network") == 1);
  CHECK(column(gains, "name") == std::set<std::string>{"tiny-pad"});
}

TEST_CASE("query alerts honours its time window; unknown queries and bad options are usage errors",
          "[e2e][query]") {
  ProjectsSandbox box;
  REQUIRE(box.scan({box.lockfile("app-a", {"tiny-pad@1.0.0"})}).exit_code == 0);
  box.exec(
      "INSERT INTO alerts (dedup_key, raised_at, type, severity, ecosystem, name, version, "
      "message) VALUES ('k1', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day'), 'risk-raised', "
      "'high', 'npm', 'tiny-pad', '1.0.1', 'recent'), ('k2', strftime('%Y-%m-%dT%H:%M:%fZ', "
      "'now', '-10 days'), 'risk-raised', 'high', 'npm', 'tiny-pad', '1.0.0', 'older')");
  CHECK(column(box.query({"alerts"}), "message") == std::set<std::string>{"recent"});
  CHECK(column(box.query({"alerts", "--since", "30d"}), "message") ==
        std::set<std::string>{"recent", "older"});

  auto text = box.run({"query", "alerts", "--db", box.db()});
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.rfind("id", 0) == 0);
  CHECK(text.out.find("recent") != std::string::npos);

  CHECK(box.run({"query", "drop-everything", "--db", box.db()}).exit_code == 2);
  CHECK(box.run({"query", "projects-using", "--db", box.db()}).exit_code == 2);
  CHECK(box.run({"query", "alerts", "--since", "soon", "--db", box.db()}).exit_code == 2);
  CHECK(box.run({"query", "projects", "--db", box.dir.path() + "/none.db"}).exit_code == 2);
  auto list = box.run({"query"});
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("projects-using PACKAGE") != std::string::npos);
}
