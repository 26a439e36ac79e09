#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "analyzer/report/scan_report.h"
#include "analyzer/report/text_util.h"
#include "tests/support/json_schema.h"
#include "tests/support/paths.h"

using namespace tarsier;

namespace {

Finding finding(std::string rule, std::string capability, Risk severity, std::string file, int line,
                bool install_time = false) {
  Finding f;
  f.rule = std::move(rule);
  f.capability = std::move(capability);
  f.severity = severity;
  f.message = "what " + f.rule + " found";
  f.file = std::move(file);
  f.line = line;
  f.column = line > 0 ? 7 : 0;
  f.snippet = line > 0 ? "child_process.exec(cmd)" : "";
  f.install_time = install_time;
  return f;
}

PackageResult package(std::string name, std::string version, Risk risk) {
  PackageResult p;
  p.ref.name = std::move(name);
  p.ref.version = std::move(version);
  p.ref.integrity = "sha512-lock";
  p.integrity = "sha512-verified";
  p.risk = risk;
  return p;
}

ScanReport sample_report() {
  ScanReport report;
  report.tool_version = "0.1.0";
  report.inputs = {"package-lock.json"};
  report.packages.push_back(package("quiet-a", "1.0.0", Risk::none));
  PackageResult medium = package("medium-pkg", "2.0.0", Risk::medium);
  medium.capabilities = {"network"};
  medium.findings = {finding("js-network-module", "network", Risk::medium, "lib/net.js", 4)};
  medium.result_cached = true;
  report.packages.push_back(medium);
  PackageResult evil = package("evil", "6.6.6", Risk::critical);
  evil.capabilities = {"install-scripts", "shell"};
  evil.threats = {"dropper"};
  for (int i = 0; i < 7; ++i) {
    evil.findings.push_back(finding("js-child-process", "shell", Risk::high, "index.js", 10 + i));
  }
  evil.findings.push_back(
      finding("install-script", "install-scripts", Risk::critical, "package.json", 5, true));
  report.packages.push_back(evil);
  PackageResult failed = package("gone", "0.0.1", Risk::none);
  failed.integrity.clear();
  failed.error = "HTTP 404 from the registry";
  report.packages.push_back(failed);
  report.packages.push_back(package("quiet-b", "3.1.4", Risk::none));
  report.input_errors.push_back(Diagnostic{"package-lock.json", 12, 5, "expected a string"});
  return report;
}

std::string text_of(const ScanReport& report) {
  std::ostringstream out;
  write_text_report(report, out);
  return out.str();
}

std::string json_of(const ScanReport& report) {
  std::ostringstream out;
  write_json_report(report, out);
  return out.str();
}

test::JsonSchema scan_schema() {
  std::string error;
  auto schema =
      test::JsonSchema::load(test::source_path("analyzer/report/scan-report.schema.json"), &error);
  INFO(error);
  REQUIRE(schema.has_value());
  return *schema;
}

}  // namespace

TEST_CASE("summarize counts packages, failures and risks", "[report]") {
  ReportSummary s = summarize(sample_report());
  REQUIRE(s.packages == 5);
  REQUIRE(s.analyzed == 4);
  REQUIRE(s.failed == 1);
  // The package that could not be fetched is "not analysed", never a risk level.
  REQUIRE(s.not_analysed == 1);
  REQUIRE(s.by_risk[static_cast<int>(Risk::none)] == 2);
  REQUIRE_FALSE(s.complete());
  REQUIRE(s.by_risk[static_cast<int>(Risk::medium)] == 1);
  REQUIRE(s.by_risk[static_cast<int>(Risk::critical)] == 1);
}

TEST_CASE("the JSON report matches its schema and the data", "[report]") {
  ScanReport report = sample_report();
  std::string text = json_of(report);
  auto errors = scan_schema().validate_text(text);
  INFO(text);
  for (const auto& e : errors) {
    UNSCOPED_INFO(e);
  }
  REQUIRE(errors.empty());

  auto doc = nlohmann::json::parse(text);
  REQUIRE(doc["schema_version"] == 1);
  REQUIRE(doc["tool"]["name"] == "tarsier");
  REQUIRE(doc["summary"]["by_risk"]["critical"] == 1);
  REQUIRE(doc["packages"].size() == 5);
  // Highest risk first, then by name.
  REQUIRE(doc["packages"][0]["name"] == "evil");
  REQUIRE(doc["packages"][1]["name"] == "medium-pkg");
  REQUIRE(doc["packages"][2]["name"] == "gone");
  REQUIRE(doc["packages"][1]["cached"] == true);
  REQUIRE(doc["packages"][0]["cached"] == false);
  const auto& evil = doc["packages"][0];
  REQUIRE(evil["findings"].size() == 8);
  REQUIRE(evil["findings"][0]["rule"] == "install-script");
  REQUIRE(evil["findings"][0]["install_time"] == true);
  REQUIRE(evil["findings"][1]["line"] == 10);
  REQUIRE(evil["findings"][1]["column"] == 7);
  REQUIRE(evil["integrity"] == "sha512-verified");
  REQUIRE(evil["error"].is_null());
  REQUIRE(doc["packages"][2]["error"] == "HTTP 404 from the registry");
  REQUIRE(doc["packages"][2]["integrity"] == "sha512-lock");
  REQUIRE(doc["errors"][0]["text"] == "package-lock.json:12:5: expected a string");

  SECTION("the schema rejects a report that breaks it") {
    doc["packages"][0]["risk"] = "severe";
    doc["packages"][1].erase("cached");
    doc["summary"]["extra"] = 1;
    auto broken = scan_schema().validate(doc);
    REQUIRE(broken.size() == 3);
  }
}

TEST_CASE("an empty scan is a valid report", "[report]") {
  ScanReport report;
  report.tool_version = "0.1.0";
  REQUIRE(scan_schema().validate_text(json_of(report)).empty());
  REQUIRE(text_of(report).find("0 packages") != std::string::npos);
  // A scan that examined nothing never reports clean.
  REQUIRE(text_of(report).find("INCOMPLETE: no package was examined") != std::string::npos);
}

TEST_CASE("hostile package text cannot break the reports", "[report]") {
  ScanReport report;
  report.tool_version = "0.1.0";
  PackageResult p = package("x", "1.0.0", Risk::high);
  Finding f = finding("js-eval", "eval", Risk::high, "a\nFAKE 1.0.0\x1b[31m.js", 1);
  f.snippet = std::string("eval(\"\xff\xfe\")\n\nCRITICAL npm:fake@1.0.0") + std::string(500, 'z');
  p.findings.push_back(f);
  report.packages.push_back(p);
  std::string json = json_of(report);
  REQUIRE(scan_schema().validate_text(json).empty());
  std::string text = text_of(report);
  REQUIRE(text.find("\nCRITICAL npm:fake") == std::string::npos);
  REQUIRE(text.find("\nFAKE") == std::string::npos);
  REQUIRE(text.find('\x1b') == std::string::npos);
  REQUIRE(text.find("zzz...") != std::string::npos);
}

TEST_CASE("the text report lists risk first, top findings, failures and totals", "[report]") {
  ScanReport report = sample_report();
  report.packages[2].ref.via = {"app-dep", "evil"};
  report.packages[2].ref.lockfile = "package-lock.json";
  report.packages[2].ref.line = 40;
  report.packages[1].ref.via = {"medium-pkg"};
  report.packages[1].ref.dev = true;
  std::string text = text_of(report);
  INFO(text);
  // The verdict comes first.
  REQUIRE(text.find("\nFAIL: 1 package at or above high (--fail-on high)\n") != std::string::npos);
  size_t evil = text.find("CRITICAL  npm:evil@6.6.6");
  size_t medium = text.find("MEDIUM    npm:medium-pkg@2.0.0  (cached)");
  REQUIRE(evil != std::string::npos);
  REQUIRE(medium != std::string::npos);
  REQUIRE(evil < medium);
  REQUIRE(text.find("  prod, transitive: app-dep > evil  (package-lock.json:40)") !=
          std::string::npos);
  REQUIRE(text.find("  dev, direct\n") != std::string::npos);
  REQUIRE(text.find("capabilities: install-scripts, shell") != std::string::npos);
  REQUIRE(text.find("threats:      dropper") != std::string::npos);
  REQUIRE(text.find("- critical install-script  package.json:5:7  [install-time]") !=
          std::string::npos);
  REQUIRE(text.find("index.js:10:7") != std::string::npos);
  REQUIRE(text.find("> child_process.exec(cmd)") != std::string::npos);
  REQUIRE(text.find("see the code: tarsier explain npm:evil@6.6.6") != std::string::npos);
  // Five findings shown, the rest summarised.
  REQUIRE(text.find("index.js:13:7") != std::string::npos);
  REQUIRE(text.find("index.js:14:7") == std::string::npos);
  REQUIRE(text.find("(3 more findings)") != std::string::npos);
  // Packages below medium are counted, not listed.
  REQUIRE(text.find("quiet-a") == std::string::npos);
  REQUIRE(text.find("2 packages below medium not listed") != std::string::npos);
  REQUIRE(text.find("Not analysed (1)") != std::string::npos);
  REQUIRE(text.find("npm:gone@0.0.1: HTTP 404 from the registry") != std::string::npos);
  REQUIRE(text.find("package-lock.json:12:5: expected a string") != std::string::npos);
  REQUIRE(text.find("Total: 5 packages: 4 analysed, 1 not analysed (incomplete) | critical 1 | "
                    "high 0 | medium 1 | low 0 | none 2 | not analysed 1") != std::string::npos);

  SECTION("--verbose and --min-risk list more") {
    report.verbose = true;
    REQUIRE(text_of(report).find("NONE      npm:quiet-a@1.0.0") != std::string::npos);
    REQUIRE(text_of(report).find("index.js:16:7") != std::string::npos);
    report.verbose = false;
    report.min_risk = Risk::critical;
    REQUIRE(text_of(report).find("MEDIUM") == std::string::npos);
  }

  SECTION("an unreachable host is reported once with the packages it cost") {
    ScanReport down;
    down.tool_version = "0.1.0";
    for (int i = 0; i < 82; ++i) {
      PackageResult p = package("p" + std::to_string(i), "1.0.0", Risk::none);
      p.error =
          "host registry.example.test:443 is unreachable (could not resolve); not tried again";
      p.unreachable_host = "registry.example.test:443";
      down.packages.push_back(p);
    }
    down.packages.push_back(package("ok", "1.0.0", Risk::none));
    down.unreachable_hosts = {{"registry.example.test:443", "Could not resolve host"}};
    std::string t = text_of(down);
    INFO(t);
    REQUIRE(t.find("INCOMPLETE: 82 of 83 packages not analysed; nothing at or above high among "
                   "the 1 analysed") != std::string::npos);
    REQUIRE(t.find("host registry.example.test:443 unreachable (Could not resolve host): 82 "
                   "packages not analysed") != std::string::npos);
    REQUIRE(t.find("could not resolve") == std::string::npos);  // no line per package
    REQUIRE(t.find("none 1 | not analysed 82") != std::string::npos);
  }
}

TEST_CASE("one_line flattens and bounds untrusted text", "[report]") {
  REQUIRE(one_line("a\n\tb   c\r\n", 100) == "a b c");
  REQUIRE(one_line("abcdef", 3) == "abc...");
  // "é" is two bytes; a cut inside it steps back to the character boundary.
  REQUIRE(one_line("a\xc3\xa9", 2) == "a...");
}
