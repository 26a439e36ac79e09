#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analyzer/report/sarif_report.h"
#include "tests/support/json_schema.h"
#include "tests/support/paths.h"

using namespace tarsier;

namespace {

Finding finding(std::string rule, std::string capability, Risk severity, std::string file,
                int line) {
  Finding f;
  f.rule = std::move(rule);
  f.capability = std::move(capability);
  f.severity = severity;
  f.message = "found " + f.rule;
  f.file = std::move(file);
  f.line = line;
  f.column = line > 0 ? 3 : 0;
  f.snippet = line > 0 ? "fetch(url)" : "";
  return f;
}

ScanReport report_with_findings() {
  ScanReport report;
  report.tool_version = "0.1.0";
  PackageResult p;
  p.ref.name = "debug";
  p.ref.version = "4.4.2";
  p.ref.lockfile = "app/package-lock.json";
  p.ref.line = 57;
  p.risk = Risk::critical;
  p.findings = {finding("js-obfuscated", "obfuscation", Risk::critical, "src/index.js", 12),
                finding("js-network-module", "network", Risk::medium, "src/net.js", 2),
                finding("js-network-module", "network", Risk::medium, "src/net2.js", 9),
                finding("url-literal", "url-strings", Risk::low, "README.md", 1),
                finding("install-script", "install-scripts", Risk::high, "", 0)};
  p.findings[1].suppressed = true;
  p.findings[1].suppression_reason = "reviewed: telemetry endpoint";
  report.packages.push_back(p);
  PackageResult spec;  // from a command-line spec: no lockfile line
  spec.ref.name = "lonely";
  spec.ref.version = "1.0.0";
  spec.risk = Risk::high;
  spec.findings = {finding("js-eval", "eval", Risk::high, "a.js", 1)};
  report.packages.push_back(spec);
  return report;
}

nlohmann::json sarif_of(const ScanReport& report, Risk min_level) {
  std::ostringstream out;
  write_sarif_report(report, min_level, out);
  std::string error;
  auto schema = test::JsonSchema::load(
      test::source_path("analyzer/report/sarif-2.1.0-subset.schema.json"), &error);
  INFO(error);
  REQUIRE(schema.has_value());
  auto errors = schema->validate_text(out.str());
  for (const auto& e : errors) {
    UNSCOPED_INFO(e);
  }
  REQUIRE(errors.empty());
  return nlohmann::json::parse(out.str());
}

}  // namespace

TEST_CASE("SARIF results are anchored to the lockfile line with the package file related",
          "[report][sarif]") {
  auto log = sarif_of(report_with_findings(), Risk::medium);
  REQUIRE(log["version"] == "2.1.0");
  const auto& run = log["runs"][0];
  REQUIRE(run["tool"]["driver"]["name"] == "tarsier");
  const auto& results = run["results"];
  // The low finding is below the chosen level.
  REQUIRE(results.size() == 5);
  for (const auto& result : results) {
    REQUIRE(result["locations"].size() == 1);
  }
  const auto& first = results[0];
  REQUIRE(first["ruleId"] == "js-obfuscated");
  REQUIRE(first["level"] == "error");
  const auto& anchor = first["locations"][0]["physicalLocation"];
  REQUIRE(anchor["artifactLocation"]["uri"] == "app/package-lock.json");
  REQUIRE(anchor["region"]["startLine"] == 57);
  const auto& related = first["relatedLocations"][0]["physicalLocation"];
  REQUIRE(related["artifactLocation"]["uri"] == "node_modules/debug/src/index.js");
  REQUIRE(related["region"]["startLine"] == 12);
  REQUIRE(related["region"]["startColumn"] == 3);
  REQUIRE(first["message"]["text"].get<std::string>().find("debug@4.4.2") == 0);
  REQUIRE(first["partialFingerprints"]["tarsierFinding/v2"].get<std::string>().size() == 64);

  // A finding without a file still has the lockfile location and no related location.
  const nlohmann::json* install = nullptr;
  const nlohmann::json* suppressed = nullptr;
  const nlohmann::json* spec = nullptr;
  for (const auto& r : results) {
    if (r["ruleId"] == "install-script")
      install = &r;
    if (r.contains("suppressions"))
      suppressed = &r;
    if (r["message"]["text"].get<std::string>().find("lonely") == 0)
      spec = &r;
  }
  REQUIRE(install != nullptr);
  REQUIRE_FALSE(install->contains("relatedLocations"));
  REQUIRE(suppressed != nullptr);
  REQUIRE((*suppressed)["suppressions"][0]["justification"] == "reviewed: telemetry endpoint");
  REQUIRE(spec != nullptr);
  REQUIRE((*spec)["locations"][0]["physicalLocation"]["region"]["startLine"] == 1);

  // One rule per id, with help text, referenced by index.
  const auto& rules = run["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 4);
  for (const auto& r : results) {
    const auto& rule = rules[r["ruleIndex"].get<size_t>()];
    REQUIRE(rule["id"] == r["ruleId"]);
    REQUIRE_FALSE(rule["help"]["text"].get<std::string>().empty());
  }
}

TEST_CASE("SARIF level filter and an empty run", "[report][sarif]") {
  REQUIRE(sarif_of(report_with_findings(), Risk::critical)["runs"][0]["results"].size() == 1);
  REQUIRE(sarif_of(report_with_findings(), Risk::low)["runs"][0]["results"].size() == 6);
  ScanReport empty;
  empty.tool_version = "0.1.0";
  REQUIRE(sarif_of(empty, Risk::low)["runs"][0]["results"].empty());
}

TEST_CASE("the SARIF schema subset rejects a result without a location", "[report][sarif]") {
  std::string error;
  auto schema = test::JsonSchema::load(
      test::source_path("analyzer/report/sarif-2.1.0-subset.schema.json"), &error);
  REQUIRE(schema.has_value());
  auto log = sarif_of(report_with_findings(), Risk::low);
  log["runs"][0]["results"][0].erase("locations");
  log["runs"][0]["results"][1]["level"] = "fatal";
  log["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;
  REQUIRE(schema->validate(log).size() == 3);
}
