// End-to-end: the report formats every reporting command offers from one table, and the option
// groups shared by several commands (accepted by each, or refused with the reason).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A project whose package-lock.json names tiny-pad and evil-setup, published on a local registry.
struct Project {
  RegistryServer server;
  TempDir dir;
  std::string lockfile;

  Project() {
    json packages = json::object();
    packages[""] = {{"name", "demo"}, {"version", "1.0.0"}};
    for (const char* name : {"tiny-pad", "evil-setup"}) {
      std::string version = std::string(name) == "tiny-pad" ? "1.0.0" : "0.0.1";
      std::string integrity =
          server.publish_dir(name, version, source_path(std::string("fixtures/packages/") + name));
      packages[std::string("node_modules/") + name] = {{"version", version},
                                                       {"integrity", integrity}};
    }
    lockfile =
        dir.write("project/package-lock.json",
                  json{{"name", "demo"}, {"lockfileVersion", 3}, {"packages", packages}}.dump(2));
  }

  ProcessResult run(std::vector<std::string> args) const {
    args.insert(args.begin(), tarsier_binary());
    return run_process(args, isolated_env(dir.path()));
  }
};

}  // namespace

TEST_CASE("scan writes Markdown through the shared format table", "[e2e][formats]") {
  Project p;
  auto md = p.run({"scan", "-q", "--no-db", "--format", "markdown", p.lockfile, "--registry",
                   p.server.base_url()});
  INFO(md.out << md.err);
  CHECK(md.exit_code == 1);  // evil-setup fails the default gate
  CHECK(md.out.rfind("## tarsier ", 0) == 0);
  CHECK(has(md.out, "**FAIL: 1 package at or above high"));
  CHECK(has(md.out, "| risk | package | threats | capabilities |"));
  CHECK(has(md.out, "<code>npm:evil-setup&#64;0.0.1</code>"));
  CHECK(has(md.out, "install-scripts"));
  CHECK_FALSE(has(md.out, "npm:tiny-pad"));  // below --min-risk medium
  CHECK(has(md.out, "Total: 2 packages"));

  auto unknown = p.run({"scan", "--no-db", "--format", "yaml", p.lockfile});
  CHECK(unknown.exit_code == 2);
  CHECK(has(unknown.err,
            "unknown --format 'yaml' (expected text (default), json, sarif, "
            "markdown or html)"));
  auto help = p.run({"scan", "--help"});
  CHECK(has(help.out + help.err, "text (default), json, sarif, markdown or html"));
}

TEST_CASE("history takes the shared options and writes through --output", "[e2e][formats]") {
  Project p;
  std::string db = p.dir.path() + "/risk.db";
  REQUIRE(
      p.run({"scan", "-q", "--db", db, p.lockfile, "--registry", p.server.base_url()}).exit_code ==
      1);
  std::string out = p.dir.path() + "/history.json";
  auto history = p.run({"history", "npm:evil-setup", "--db", db, "--cache-dir",
                        p.dir.path() + "/cache", "--quiet", "--format", "json", "-o", out});
  INFO(history.err);
  CHECK(history.exit_code == 0);
  CHECK(history.out.empty());
  json document = json::parse(read_text_file(out));
  REQUIRE(document["versions"].size() == 1);
  CHECK(document["versions"][0]["version"] == "0.0.1");

  auto no_db = p.run({"history", "npm:evil-setup", "--no-db"});
  CHECK(no_db.exit_code == 2);
  CHECK(has(no_db.err,
            "'--no-db' does not apply to 'history': the history is read from the "
            "risk database"));
  auto sarif = p.run({"history", "npm:evil-setup", "--db", db, "--format", "sarif"});
  CHECK(sarif.exit_code == 2);
  CHECK(has(sarif.err, "(expected text (default) or json)"));
}

TEST_CASE("fetch reads the project's policy unless --no-policy says not to", "[e2e][formats]") {
  Project p;
  p.dir.write("project/.tarsier.yml", "fail-on: extreme\n");
  auto broken = p.run({"fetch", "-q", p.lockfile, "--registry", p.server.base_url()});
  INFO(broken.out << broken.err);
  CHECK(broken.exit_code == 2);
  CHECK(has(broken.err, "invalid policy file"));

  auto fetched =
      p.run({"fetch", "-q", "--no-policy", p.lockfile, "--registry", p.server.base_url()});
  INFO(fetched.out << fetched.err);
  CHECK(fetched.exit_code == 0);
  CHECK(has(fetched.out, "2 packages: 2 downloaded"));

  auto db = p.run({"fetch", "--db", p.dir.path() + "/x.db", p.lockfile});
  CHECK(db.exit_code == 2);
  CHECK(has(db.err,
            "'--db' does not apply to 'fetch': nothing is analysed, so nothing is "
            "recorded"));
  CHECK_FALSE(has(p.run({"fetch", "--help"}).out, "--db"));
}
