// The HTML dashboard writer: escaping, key figures, the drill-down and nothing external.
#include <catch2/catch.hpp>

#include <sstream>

#include "analyzer/report/html_report.h"

using namespace tarsier;

TEST_CASE("html dashboard escapes text and carries its key figures", "[report][html]") {
  CHECK(html_escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  Dashboard d;
  d.generated_at = "2025-01-01T00:00:00.000Z";
  d.source = "risk.db";
  DashboardPackage p{"npm", "<evil>", {}};
  DashboardVersion v1;
  v1.version = "1.0.0";
  DashboardVersion v2;
  v2.version = "1.0.1";
  v2.risk = Risk::critical;
  v2.capabilities = {"network", "shell"};
  v2.capabilities_gained = {"network", "shell"};
  Finding f;
  f.rule = "js-child-process";
  f.severity = Risk::high;
  f.file = "lib/run.js";
  f.line = 7;
  f.message = "spawns <sh>";
  v2.findings = {f};
  p.versions = {v1, v2};
  d.packages.push_back(p);
  d.packages.push_back(DashboardPackage{"npm", "ok", {v1}});
  d.alerts.push_back(
      {1, "2025-01-01", "risk-raised", Risk::critical, "npm:<evil>@1.0.1", "x", false});
  d.alerts.push_back({2, "2025-01-01", "new-maintainer", Risk::medium, "npm:ok@1.0.0", "y", true});
  std::ostringstream out;
  write_html_dashboard(d, out);
  std::string html = out.str();
  CHECK(html.find("<evil>") == std::string::npos);
  CHECK(html.find("npm:&lt;evil&gt;") != std::string::npos);
  CHECK(html.find("data-figure=\"packages\">2<") != std::string::npos);
  CHECK(html.find("data-figure=\"versions\">3<") != std::string::npos);
  CHECK(html.find("data-figure=\"high-risk-packages\">1<") != std::string::npos);
  CHECK(html.find("data-figure=\"open-alerts\">1<") != std::string::npos);
  CHECK(html.find("<code class=\"location\">lib/run.js:7</code>") != std::string::npos);
  CHECK(html.find("spawns &lt;sh&gt;") != std::string::npos);
  CHECK(html.find("+network") != std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
}
