// The pull-request comment: verdict first, reasons with evidence, the rest folded, always
// within GitHub's comment size limit.
#include <catch2/catch.hpp>
#include <sstream>

#include "analyzer/diff/diff_report.h"

using namespace tarsier;

namespace {

PackageDelta delta(const std::string& name, Risk added, size_t findings) {
  PackageDelta d;
  d.kind = ChangeKind::changed;
  PackageRef base, head;
  base.name = head.name = name;
  base.version = "1.0.0";
  head.version = "1.0.1";
  head.via = {"app-dep", name};
  head.lockfile = "package-lock.json";
  head.line = 42;
  d.base = base;
  d.head = head;
  d.added_risk = added;
  d.risk = d.risk_before = Risk::high;
  for (size_t i = 0; i < findings; ++i) {
    Finding f;
    f.rule = i == 0 ? "threat-exfiltration" : "js-http-request";
    f.capability = "network";
    f.severity = i == 0 ? added : Risk::low;
    f.message = "sends data <script>@everyone</script> " + std::string(200, 'm');
    f.file = "dist/bundle.js";
    f.line = static_cast<int>(100 + i);
    f.snippet = "fetch(url)";
    d.new_findings.push_back(f);
  }
  return d;
}

std::string markdown_of(const DiffReport& report) {
  std::ostringstream out;
  write_diff_markdown(report, out);
  return out.str();
}

}  // namespace

TEST_CASE("the comment stays within the size limit, verdict first", "[diff][markdown]") {
  DiffReport report;
  report.tool_version = "0.1.0";
  report.base_label = "origin/main:package-lock.json";
  report.head_label = "package-lock.json";
  report.report_url = "https://ci.example.invalid/run/7";
  for (int i = 0; i < 400; ++i) {
    report.packages.push_back(delta("risky-" + std::to_string(i), Risk::high, 30));
  }
  for (int i = 0; i < 3000; ++i) {
    report.packages.push_back(delta("quiet-" + std::to_string(i), Risk::low, 2));
  }
  std::string md = markdown_of(report);
  CHECK(md.size() <= k_markdown_limit);
  CHECK(md.rfind(k_markdown_marker, 0) == 0);
  CHECK(md.find("### tarsier: 400 changes add risk at or above high") != std::string::npos);
  auto first_reason = md.find("<code>risky-0</code> 1.0.0 -&gt; 1.0.1** adds **high**");
  REQUIRE(first_reason != std::string::npos);
  CHECK(md.find("via <code>app-dep › risky-0</code>", first_reason) != std::string::npos);
  CHECK(md.find("threat <code>exfiltration</code> in <code>dist/bundle.js:100</code>") !=
        std::string::npos);
  CHECK(md.find("more changes at or above high in the full report") != std::string::npos);
  CHECK(md.find("Full report: https://ci.example.invalid/run/7") != std::string::npos);
  // Hostile text is escaped.
  CHECK(md.find("<script>") == std::string::npos);
  CHECK(md.find("@everyone") == std::string::npos);

  SECTION("only low additions: a green verdict, the rest folded by what they add") {
    report.packages.erase(report.packages.begin(), report.packages.begin() + 400);
    report.packages.resize(3);
    std::string quiet = markdown_of(report);
    CHECK(quiet.find("nothing this change adds reaches high") != std::string::npos);
    CHECK(quiet.find("(was ") == std::string::npos);
    CHECK(quiet.find("<details><summary>Other changes (3 adding low)</summary>") !=
          std::string::npos);
  }
}
