// A result the policy touched shows its suppressed findings as such in every report format of
// scan (text, JSON, SARIF) and diff (text, JSON, SARIF, Markdown).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analyzer/diff/diff_model.h"
#include "analyzer/diff/diff_report.h"
#include "analyzer/policy/policy_apply.h"
#include "analyzer/report/sarif_report.h"
#include "analyzer/report/scan_report.h"

using namespace tarsier;
using nlohmann::json;

namespace {

constexpr const char* k_reason = "reviewed: the shell call runs git";

PackageResult suppressed_result() {
  PackageResult r;
  r.ref.name = "git-helper";
  r.ref.version = "1.0.0";
  r.ref.lockfile = "package-lock.json";
  r.ref.line = 7;
  r.integrity = "sha512-AAAA";
  Finding shell;
  shell.rule = "js-child-process";
  shell.capability = "shell";
  shell.severity = Risk::medium;
  shell.message = "spawns a process";
  shell.file = "index.js";
  shell.line = 3;
  Finding env = shell;
  env.rule = "js-env-access";
  env.capability = "env";
  env.severity = Risk::low;
  r.findings = {shell, env};
  r.capabilities = {"env", "shell"};
  r.risk = Risk::medium;
  Policy p = parse_policy(std::string(R"(suppressions:
  - ecosystem: npm
    name: git-helper
    version: "1.x"
    rule: js-child-process
    reason: ")") + k_reason + "\"\n",
                          "p.yml", "2026-01-01");
  REQUIRE(p.errors.empty());
  REQUIRE(apply_policy(p, &r) == 1);
  REQUIRE(r.risk == Risk::low);
  return r;
}

}  // namespace

TEST_CASE("scan reports show suppressed findings with their reason", "[policy]") {
  ScanReport report;
  report.tool_version = "0.1.0";
  report.packages = {suppressed_result()};
  report.verbose = true;  // the package is low: the default text report only counts it

  std::ostringstream text;
  write_text_report(report, text);
  CHECK(text.str().find(std::string("[suppressed: ") + k_reason + "]") != std::string::npos);
  CHECK(text.str().find("LOW       npm:git-helper@1.0.0") != std::string::npos);

  std::ostringstream json_out;
  write_json_report(report, json_out);
  json document = json::parse(json_out.str());
  const json& findings = document["packages"][0]["findings"];
  int suppressed = 0;
  for (const auto& f : findings) {
    if (f["suppressed"] == true) {
      ++suppressed;
      CHECK(f["rule"] == "js-child-process");
      CHECK(f["suppression_reason"] == k_reason);
    } else {
      CHECK(f["suppression_reason"] == "");
    }
  }
  CHECK(suppressed == 1);
  CHECK(document["packages"][0]["risk"] == "low");

  std::ostringstream sarif;
  write_sarif_report(report, Risk::low, sarif);
  json runs = json::parse(sarif.str())["runs"];
  int with_suppressions = 0;
  for (const auto& result : runs[0]["results"]) {
    if (result.contains("suppressions")) {
      ++with_suppressions;
      CHECK(result["suppressions"][0]["justification"] == k_reason);
    }
  }
  CHECK(with_suppressions == 1);
}

TEST_CASE("diff reports show suppressed findings with their reason", "[policy]") {
  PackageResult after = suppressed_result();
  // Markdown details only packages at medium or above: keep one medium finding unsuppressed.
  Finding eval = after.findings[0];
  eval.rule = "js-eval";
  eval.capability = "eval";
  eval.suppressed = false;
  eval.suppression_reason.clear();
  after.findings.push_back(eval);
  after.risk = Risk::medium;
  LockfileChange change;
  change.kind = ChangeKind::added;
  change.head = after.ref;
  DiffReport report;
  report.tool_version = "0.1.0";
  report.base_label = "base";
  report.head_label = "head";
  report.fail_on = Risk::high;
  report.packages = {compute_delta(change, nullptr, &after)};
  CHECK(report.packages[0].added_risk == Risk::medium);
  CHECK(diff_exit_code(report) == 0);

  for (const char* format : {"text", "json", "sarif", "markdown"}) {
    std::ostringstream out;
    std::string which = format;
    if (which == "text") {
      write_diff_text(report, out);
    } else if (which == "json") {
      write_diff_json(report, out);
    } else if (which == "sarif") {
      write_diff_sarif(report, Risk::low, out);
    } else {
      write_diff_markdown(report, out);
    }
    INFO(format << ":\n" << out.str());
    CHECK(out.str().find(k_reason) != std::string::npos);
  }
}
