// End-to-end: `--log-format` (a common option of every command) writes the tool's own work as
// structured lines on standard error, leaving the report on standard output as it was.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/pack.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    out.push_back(line);
  }
  return out;
}

}  // namespace

TEST_CASE("scan --log-format json: every stderr line is a JSON event with its fields",
          "[e2e][log-format]") {
  TempDir dir;
  std::string tiny =
      dir.write("tiny-pad-1.0.0.tgz", pack_npm_dir(source_path("fixtures/packages/tiny-pad")));
  std::string evil =
      dir.write("evil-setup-1.0.0.tgz", pack_npm_dir(source_path("fixtures/packages/evil-setup")));
  auto run = run_process({tarsier_binary(), "scan", tiny, evil, "--no-db", "--no-policy",
                          "--format", "json", "--log-format", "json"},
                         isolated_env(dir.path()));
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 1);                          // evil-setup is over the default gate
  CHECK(json::parse(run.out)["packages"].size() == 2);  // the report is unchanged
  std::vector<json> events;
  for (const auto& line : lines_of(run.err)) {
    INFO(line);
    json event = json::parse(line);  // throws (and fails) on a line that is not JSON
    REQUIRE(event.is_object());
    CHECK(event["ts"].get<std::string>().ends_with("Z"));
    CHECK(event["level"].is_string());
    CHECK(event["event"].is_string());
    events.push_back(event);
  }
  auto named = [&](const std::string& name) {
    std::vector<json> out;
    for (const auto& e : events) {
      if (e["event"] == name) {
        out.push_back(e);
      }
    }
    return out;
  };
  REQUIRE(named("command-started").size() == 1);
  CHECK(named("command-started")[0]["command"] == "scan");
  REQUIRE(named("scan-started").size() == 1);
  auto packages = named("package-analysed");
  REQUIRE(packages.size() == 2);
  for (const auto& p : packages) {
    CHECK(p["package"].get<std::string>().starts_with("npm:"));
    CHECK(p["duration_ms"].is_number_integer());
    CHECK(p["counts"]["findings"].is_number_integer());
  }
  auto finished = named("scan-finished");
  REQUIRE(finished.size() == 1);
  CHECK(finished[0]["counts"]["packages"] == 2);
  CHECK(finished[0]["counts"]["analyzed"] == 2);
  CHECK(finished[0]["counts"]["failed"] == 0);
  CHECK(finished[0]["counts"]["exit_code"] == 1);
  CHECK(finished[0]["duration_ms"].is_number_integer());
  auto command = named("command-finished");
  REQUIRE(command.size() == 1);
  CHECK(command[0]["counts"]["exit_code"] == 1);
  CHECK(events.back()["event"] == "command-finished");
}

TEST_CASE("other commands log text lines with --log-format; a bad value is a usage error",
          "[e2e][log-format]") {
  TempDir dir;
  auto env = isolated_env(dir.path());
  auto rules = run_process({tarsier_binary(), "rules", "list", "--log-format", "text"}, env);
  INFO(rules.out << rules.err);
  CHECK(rules.exit_code == 0);
  auto quiet = run_process({tarsier_binary(), "rules", "list"}, env);
  CHECK(quiet.err.empty());  // no log without the option
  auto lines = lines_of(rules.err);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find(" info command-started command=rules") != std::string::npos);
  CHECK(lines[1].find(" info command-finished duration_ms=") != std::string::npos);
  CHECK(lines[1].find(" exit_code=0 command=rules") != std::string::npos);
  CHECK(rules.out == quiet.out);

  for (const char* command : {"scan", "diff", "fetch", "report", "history", "watch", "db"}) {
    auto bad = run_process({tarsier_binary(), command, "x", "--log-format", "xml"}, env);
    INFO(command << ": " << bad.err);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--log-format is text or json") != std::string::npos);
  }
}
