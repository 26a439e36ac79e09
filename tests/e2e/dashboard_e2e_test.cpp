// End-to-end: `tarsier report --format html` and `scan --format html` rendered by headless
// Chromium (Debian's chromium, installed by ci/test): the page renders with no console error,
// references nothing outside itself, its key figures match the database, and a screenshot is
// kept in the build directory (test-artifacts/).
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "analyzer/db/alert_store.h"
#include "analyzer/db/risk_db.h"
#include "tests/support/db_samples.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier;
using namespace tarsier::test;
using nlohmann::json;

namespace {

constexpr const char* k_chromium = "/usr/bin/chromium";

struct Rendered {
  int exit_code = -1;
  std::string dom;
  std::vector<std::string> console_errors;
};

// Renders a file:// page; with `screenshot`, also saves a PNG there.
Rendered render(const std::string& page, const std::string& screenshot = "") {
  TempDir profile;
  std::vector<std::string> argv = {k_chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--user-data-dir=" + profile.path(),
                                   "--enable-logging=stderr",
                                   "--v=0",
                                   "--window-size=1280,1600"};
  argv.push_back(screenshot.empty() ? "--dump-dom" : "--screenshot=" + screenshot);
  argv.push_back("file://" + page);
  ProcessResult r = run_process(argv, {{"HOME", profile.path()}});
  Rendered out{r.exit_code, r.out, {}};
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(":CONSOLE") != std::string::npos &&
        (line.find("Uncaught") != std::string::npos || line.find("Error") != std::string::npos ||
         line.find("Refused") != std::string::npos)) {
      out.console_errors.push_back(line);
    }
  }
  return out;
}

std::string figure(const std::string& dom, const std::string& key) {
  std::smatch m;
  std::regex pattern("data-figure=\"" + key + "\">([0-9]+)<");
  return std::regex_search(dom, m, pattern) ? m[1].str() : "";
}

std::string artifact_dir() {
  auto dir = std::filesystem::path(tarsier_binary()).parent_path() / "test-artifacts";
  std::filesystem::create_directories(dir);
  return dir.string();
}

bool is_png(const std::string& path) {
  return read_text_file(path).rfind("\x89PNG", 0) == 0;
}

}  // namespace

TEST_CASE("headless Chromium reports console errors (the detector works)", "[e2e][html]") {
  REQUIRE(std::filesystem::exists(k_chromium));
  TempDir dir;
  std::string page = dir.write("broken.html", "<p>x</p><script>notDefined();</script>");
  CHECK_FALSE(render(page).console_errors.empty());
}

TEST_CASE("report --format html renders the database in headless Chromium", "[e2e][html]") {
  REQUIRE(std::filesystem::exists(k_chromium));
  RegistryServer server;
  TempDir dir;
  json lock = {{"name", "shop"}, {"lockfileVersion", 3}};
  lock["packages"][""] = {{"name", "shop"}};
  for (const char* name : {"tiny-pad", "fetchy", "evil-setup"}) {
    std::string version = std::string(name) == "fetchy" ? "2.1.0" : "1.0.0";
    std::string integrity =
        server.publish_dir(name, version, source_path(std::string("fixtures/packages/") + name));
    lock["packages"][std::string("node_modules/") + name] = {{"version", version},
                                                             {"integrity", integrity}};
  }
  std::string lockfile = dir.write("shop/package-lock.json", lock.dump(2));
  std::string db = dir.path() + "/risk.db";
  auto env = isolated_env(dir.path());
  ProcessResult scan = run_process({tarsier_binary(), "scan", "--quiet", "--no-policy", "--db", db,
                                    "--registry", server.base_url(), lockfile},
                                   env);
  REQUIRE(scan.exit_code == 1);  // evil-setup is critical
  {
    auto opened = must(RiskDb::open(db));
    auto alerts = must(AlertStore::open(db));
    REQUIRE(alerts);
    AlertRecord alert;
    alert.dedup_key = "risk-raised:npm:evil-setup@1.0.0";
    alert.type = "risk-raised";
    alert.severity = Risk::critical;
    alert.ecosystem = "npm";
    alert.name = "evil-setup";
    alert.version = "1.0.0";
    alert.message = "risk critical <was low>";
    bool inserted = false;
    REQUIRE(alerts->raise(alert, {}, &inserted));
  }
  std::string page = dir.path() + "/dashboard.html";
  ProcessResult report =
      run_process({tarsier_binary(), "report", "--format", "html", "--db", db, "-o", page}, env);
  REQUIRE(report.exit_code == 0);
  std::string html = read_text_file(page);
  CHECK(html.find("src=\"http") == std::string::npos);
  CHECK(html.find("href=\"http") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("risk critical &lt;was low&gt;") != std::string::npos);

  Rendered r = render(page);
  REQUIRE(r.exit_code == 0);
  INFO(r.dom.substr(0, 2000));
  CHECK(r.console_errors.empty());
  CHECK(figure(r.dom, "packages") == "3");
  CHECK(figure(r.dom, "projects") == "1");
  auto count = [&](const std::string& sql) {
    std::string text = query_db(db, sql);
    return text.substr(0, text.find('\n'));
  };
  CHECK(figure(r.dom, "open-alerts") ==
        count("SELECT count(*) FROM alerts WHERE acked_at IS NULL"));
  CHECK(figure(r.dom, "high-risk-packages") ==
        count("SELECT count(*) FROM scan_packages WHERE risk IN ('high', 'critical')"));
  CHECK(figure(r.dom, "versions") == count("SELECT count(*) FROM packages"));
  CHECK(r.dom.find("data-project=\"shop\"") != std::string::npos);
  // Drill-down: evil-setup's findings with file and line.
  auto first = query_db(db,
                        "SELECT file || ':' || line FROM scan_findings f JOIN packages p ON "
                        "p.id = f.package_id WHERE p.name = 'evil-setup' AND file <> '' "
                        "ORDER BY file, line LIMIT 1");
  REQUIRE_FALSE(first.empty());
  CHECK(r.dom.find("<code class=\"location\">" + first.substr(0, first.size() - 1) + "</code>") !=
        std::string::npos);
  CHECK(r.dom.find("aria-label=\"capability timeline\"") != std::string::npos);

  std::string shot = artifact_dir() + "/dashboard.png";
  std::filesystem::remove(shot);
  Rendered s = render(page, shot);
  CHECK(s.exit_code == 0);
  CHECK(is_png(shot));

  // scan --format html: the same page for one scan.
  std::string scan_page = dir.path() + "/scan.html";
  ProcessResult html_scan =
      run_process({tarsier_binary(), "scan", "--quiet", "--no-policy", "--db", db, "--registry",
                   server.base_url(), "--format", "html", "-o", scan_page, lockfile},
                  env);
  CHECK(html_scan.exit_code == 1);
  Rendered rs = render(scan_page, artifact_dir() + "/scan.png");
  CHECK(rs.console_errors.empty());
  CHECK(is_png(artifact_dir() + "/scan.png"));
}
