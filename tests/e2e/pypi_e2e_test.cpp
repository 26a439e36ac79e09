// End-to-end: build/tarsier scans Python lockfiles and specs against a local package index
// (PEP 503 HTML and PEP 691 JSON pages on 127.0.0.1) serving wheels and sdists packed from
// fixtures/pypi. Behaviour verdicts belong to the engine, so only capability-level facts that
// any reasonable engine must produce are asserted.
#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "analyzer/util/base64.h"
#include "analyzer/util/python_name.h"
#include "tests/support/pack_python.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"
#include "tests/support/report_json.h"

using namespace tarsier;
using namespace tarsier::test;
using nlohmann::json;

namespace {

struct Dist {
  std::string name, version, sdist, wheel, sdist_name, wheel_name;
  std::string sdist_sha, wheel_sha;  // hex
};

// A package index with the fixtures published, each page under two prefixes: /simple/ (HTML,
// relative links with #sha256 fragments) and /pep691/ (JSON, absolute links, hashes objects).
class LocalPypi {
 public:
  LocalPypi() {
    add("env-beacon", "1.0.0");
    add("tidy-strings", "2.1.0");
  }

  const Dist& dist(const std::string& name) const { return m_dists.at(name); }
  RegistryServer& server() { return m_server; }
  std::string url(const std::string& prefix) const { return m_server.base_url() + prefix + "/"; }

  // Serves a page for `name` under `prefix` whose links point at `files_prefix` and whose hashes
  // are those of the real files; used to serve tampered bytes behind honest-looking hashes.
  void serve_html(const std::string& prefix, const Dist& d, const std::string& files_prefix) {
    auto anchor = [&](const std::string& file, const std::string& sha) {
      return "<a href=\"../../" + files_prefix + "/" + file + "#sha256=" + sha +
             "\" data-requires-python=\"&gt;=3.8\">" + file + "</a><br/>\n";
    };
    m_server.serve("/" + prefix + "/" + d.name + "/",
                   "<!DOCTYPE html><html><body><h1>Links for " + d.name + "</h1>\n" +
                       anchor(d.sdist_name, d.sdist_sha) + anchor(d.wheel_name, d.wheel_sha) +
                       "</body></html>",
                   "text/html");
  }

 private:
  void add(const std::string& name, const std::string& version) {
    FileList files = read_tree(source_path("fixtures/pypi/" + name));
    REQUIRE_FALSE(files.empty());
    Dist d{name,
           version,
           pack_sdist(name, version, files),
           pack_wheel(name, version, files),
           sdist_file_name(name, version),
           wheel_file_name(name, version),
           "",
           ""};
    d.sdist_sha = sha256_hex(d.sdist);
    d.wheel_sha = sha256_hex(d.wheel);
    m_server.serve("/packages/" + d.sdist_name, d.sdist);
    m_server.serve("/packages/" + d.wheel_name, d.wheel);
    serve_html("simple", d, "packages");
    auto file = [&](const std::string& file_name, const std::string& sha) {
      return json{{"filename", file_name},
                  {"url", m_server.base_url() + "packages/" + file_name},
                  {"hashes", {{"sha256", sha}}},
                  {"requires-python", ">=3.8"}};
    };
    json page = {{"meta", {{"api-version", "1.1"}}},
                 {"name", name},
                 {"files", {file(d.sdist_name, d.sdist_sha), file(d.wheel_name, d.wheel_sha)}}};
    m_server.serve("/pep691/" + name + "/", page.dump(), "application/vnd.pypi.simple.v1+json");
    m_dists.emplace(name, std::move(d));
  }

  RegistryServer m_server;
  std::map<std::string, Dist> m_dists;
};

struct ScanRun {
  ProcessResult process;
  json report;

  const json& package(const std::string& name) const {
    for (const auto& p : report.at("packages")) {
      // The report keeps the name as the lockfile spells it ("Tidy_Strings").
      if (normalize_project_name(p.at("name").get<std::string>()) == name) {
        return p;
      }
    }
    FAIL("no package " << name << " in the report:\n" << process.out);
    throw std::logic_error("unreachable");
  }
};

// Runs `tarsier scan ARGS -f json` with a private HOME and nothing inherited that could point
// pip, npm or libcurl elsewhere.
ScanRun run_scan(const TempDir& home, std::vector<std::string> args,
                 std::map<std::string, std::optional<std::string>> env = {}) {
  std::vector<std::string> argv = {tarsier_binary(), "scan"};
  argv.insert(argv.end(), args.begin(), args.end());
  if (std::find(args.begin(), args.end(), "--db") == args.end()) {
    argv.emplace_back("--no-db");
  }
  for (const char* option : {"-f", "json", "-q", "--retries", "0", "--cache-dir"}) {
    argv.emplace_back(option);
  }
  argv.push_back(home.path() + "/cache");
  std::map<std::string, std::optional<std::string>> full = {
      {"HOME", home.path()},
      {"XDG_CONFIG_HOME", std::nullopt},
      {"XDG_CACHE_HOME", std::nullopt},
      {"XDG_DATA_HOME", std::nullopt},
      {"PIP_CONFIG_FILE", std::nullopt},
      {"PIP_INDEX_URL", std::nullopt},
      {"PIP_EXTRA_INDEX_URL", std::nullopt},
      {"NETRC", std::nullopt},
      {"npm_config_registry", std::nullopt},
      {"NPM_CONFIG_REGISTRY", std::nullopt},
      {"http_proxy", std::nullopt},
      {"https_proxy", std::nullopt},
      {"HTTP_PROXY", std::nullopt},
      {"HTTPS_PROXY", std::nullopt},
      {"ALL_PROXY", std::nullopt},
      {"all_proxy", std::nullopt},
  };
  for (auto& [name, value] : env) {
    full[name] = value;
  }
  ScanRun run;
  run.process = run_process(argv, full);
  INFO("stdout:\n" << run.process.out << "\nstderr:\n" << run.process.err);
  REQUIRE(run.process.exit_code != 2);
  run.report = json::parse(run.process.out, nullptr, false);
  REQUIRE_FALSE(run.report.is_discarded());
  return run;
}

int risk_rank(const json& package) {
  const std::vector<std::string> order = {"none", "low", "medium", "high", "critical"};
  auto it = std::find(order.begin(), order.end(), package.at("risk").get<std::string>());
  return static_cast<int>(it - order.begin());
}

std::string sri_of_hex(const std::string& hex) {
  return "sha256-" + base64_encode(*from_hex(hex));
}

// What any engine must see in the malicious sdist: an install-time command class, environment
// reads and a network request; and nothing of the kind in the benign package.
void check_verdicts(const ScanRun& run) {
  const json& evil = run.package("env-beacon");
  const json& tidy = run.package("tidy-strings");
  CHECK(evil.at("error").is_null());
  CHECK(tidy.at("error").is_null());
  CHECK(has_capability(evil, "install-scripts"));
  CHECK(has_capability(evil, "network"));
  CHECK(has_capability(evil, "env"));
  CHECK(risk_rank(evil) >= 2);
  for (const char* capability : {"install-scripts", "network", "env", "shell", "exfiltration"}) {
    INFO(capability);
    CHECK_FALSE(has_capability(tidy, capability));
  }
  CHECK(risk_rank(tidy) <= 1);
  CHECK(risk_rank(evil) > risk_rank(tidy));
}

}  // namespace

TEST_CASE("scan requirements.txt with --hash pins over a PEP 503 HTML index", "[e2e][pypi]") {
  LocalPypi index;
  TempDir home;
  const Dist& evil = index.dist("env-beacon");
  const Dist& tidy = index.dist("tidy-strings");
  std::string requirements =
      home.write("project/requirements.txt",
                 "# pinned with hashes\n"
                 "env-beacon==1.0.0 \\\n"
                 "    --hash=sha256:" +
                     evil.sdist_sha +
                     "\n"
                     "Tidy_Strings==2.1 --hash=sha256:" +
                     tidy.wheel_sha + " --hash=sha256:" + tidy.sdist_sha + "\n");
  ScanRun run = run_scan(home, {requirements, "--index-url", index.url("simple")});
  CHECK((run.process.exit_code == 0 || run.process.exit_code == 1));
  check_verdicts(run);
  // Only the sdist is pinned for env-beacon, so it alone is fetched and verified against the
  // lockfile's hash; tidy-strings (2.1 == 2.1.0) gets both files.
  CHECK(run.package("env-beacon").at("integrity") == sri_of_hex(evil.sdist_sha));
  CHECK(index.server().request_count("/packages/" + evil.wheel_name) == 0);
  CHECK(index.server().request_count("/packages/" + tidy.wheel_name) == 1);
  CHECK(index.server().request_count("/packages/" + tidy.sdist_name) == 1);
  CHECK(index.server().request_count("/simple/tidy-strings/") == 1);
}

TEST_CASE("a second scan of hash-pinned requirements reads every result from the database",
          "[e2e][pypi]") {
  LocalPypi index;
  TempDir home;
  const Dist& tidy = index.dist("tidy-strings");
  // Two pins: the result is stored under the archive's own hash, not the lockfile's list.
  std::string requirements =
      home.write("project/requirements.txt", "tidy-strings==2.1 --hash=sha256:" + tidy.wheel_sha +
                                                 " --hash=sha256:" + tidy.sdist_sha + "\n");
  std::string db = home.path() + "/risk.db";
  for (bool cached : {false, true}) {
    ScanRun run = run_scan(home, {requirements, "--index-url", index.url("simple"), "--db", db});
    INFO(run.process.err);
    CHECK(run.package("tidy-strings").at("cached") == cached);
  }
  CHECK(index.server().request_count("/packages/" + tidy.sdist_name) == 1);
}

TEST_CASE("a project the primary index does not know is asked of the extra index", "[e2e][pypi]") {
  LocalPypi index;
  TempDir home;
  const Dist& tidy = index.dist("tidy-strings");
  // "empty" and "void" know no project (every page is a 404); the HTML pages under "simple"
  // link to the files with relative URLs, which must resolve against that index's page.
  ScanRun run = run_scan(home, {"pypi:tidy-strings==2.1"},
                         {{"PIP_INDEX_URL", index.url("empty")},
                          {"PIP_EXTRA_INDEX_URL", index.url("void") + " " + index.url("simple") +
                                                      " " + index.url("pep691")}});
  INFO(run.process.err);
  CHECK(run.package("tidy-strings").at("error").is_null());
  CHECK(index.server().request_count("/empty/tidy-strings/") == 1);
  CHECK(index.server().request_count("/void/tidy-strings/") == 1);
  CHECK(index.server().request_count("/simple/tidy-strings/") == 1);
  CHECK(index.server().request_count("/pep691/tidy-strings/") == 0);  // found before it
  CHECK(index.server().request_count("/packages/" + tidy.sdist_name) == 1);
}

TEST_CASE("scan uv.lock and poetry.lock with the index from pip.conf (PEP 691 JSON)",
          "[e2e][pypi]") {
  LocalPypi index;
  TempDir home;
  home.write(".config/pip/pip.conf", "[global]\nindex-url = " + index.url("pep691") + "\n");
  const Dist& evil = index.dist("env-beacon");
  const Dist& tidy = index.dist("tidy-strings");
  std::string uv_lock =
      home.write("uv/uv.lock",
                 "version = 1\nrequires-python = \">=3.8\"\n\n"
                 "[[package]]\nname = \"env-beacon\"\nversion = \"1.0.0\"\n"
                 "source = { registry = \"https://pypi.example.test/simple\" }\n"
                 "sdist = { url = \"https://files.example.test/" +
                     evil.sdist_name + "\", hash = \"sha256:" + evil.sdist_sha +
                     "\" }\n"
                     "wheels = [{ url = \"https://files.example.test/" +
                     evil.wheel_name + "\", hash = \"sha256:" + evil.wheel_sha +
                     "\" }]\n\n"
                     "[[package]]\nname = \"tidy-strings\"\nversion = \"2.1.0\"\n"
                     "source = { registry = \"https://pypi.example.test/simple\" }\n"
                     "sdist = { url = \"https://files.example.test/" +
                     tidy.sdist_name + "\", hash = \"sha256:" + tidy.sdist_sha + "\" }\n");
  std::string poetry_lock =
      home.write("poetry/poetry.lock",
                 "[[package]]\nname = \"tidy-strings\"\nversion = \"2.1.0\"\ndescription = \"\"\n"
                 "optional = false\npython-versions = \">=3.8\"\nfiles = [\n"
                 "    {file = \"" +
                     tidy.wheel_name + "\", hash = \"sha256:" + tidy.wheel_sha +
                     "\"},\n"
                     "]\n\n[metadata]\nlock-version = \"2.1\"\npython-versions = \"^3.8\"\n"
                     "content-hash = \"0000\"\n");

  ScanRun uv = run_scan(home, {uv_lock});
  check_verdicts(uv);
  // Both of env-beacon's files were fetched; its sdist's setup.py is still an install hook.
  CHECK(index.server().request_count("/packages/" + evil.wheel_name) == 1);
  int setup_findings = 0;
  for (const auto& f : uv.package("env-beacon").at("findings")) {
    if (f.at("file") == "setup.py") {
      ++setup_findings;
      CHECK(f.at("install_time") == true);
    }
  }
  CHECK(setup_findings > 0);
  CHECK(index.server().request_count("/pep691/env-beacon/") == 1);
  auto headers = index.server().last_request_headers("/pep691/env-beacon/");
  CHECK(std::find(headers.begin(), headers.end(),
                  "accept: application/vnd.pypi.simple.v1+json, text/html;q=0.01") !=
        headers.end());

  ScanRun poetry = run_scan(home, {poetry_lock});
  CHECK(poetry.process.exit_code == 0);
  CHECK(poetry.package("tidy-strings").at("error").is_null());
  CHECK(poetry.package("tidy-strings").at("integrity") == sri_of_hex(tidy.wheel_sha));
}

TEST_CASE("scan a pypi: spec with PIP_INDEX_URL credentials", "[e2e][pypi]") {
  LocalPypi index;
  TempDir home;
  std::string base = index.url("simple");
  std::string with_credentials = "http://ci-user:s3cretPW@" + base.substr(7);
  ScanRun run = run_scan(home, {"pypi:env-beacon==1.0", "pypi:tidy-strings"},
                         {{"PIP_INDEX_URL", with_credentials}});
  check_verdicts(run);
  // Both files of each package: the index's hashes are the expected integrity.
  CHECK(run.package("env-beacon").at("integrity") ==
        sri_of_hex(index.dist("env-beacon").sdist_sha));
  auto headers = index.server().last_request_headers("/simple/env-beacon/");
  CHECK(std::find(headers.begin(), headers.end(),
                  "authorization: Basic Y2ktdXNlcjpzM2NyZXRQVw==") != headers.end());
  CHECK(run.process.out.find("s3cretPW") == std::string::npos);
  CHECK(run.process.err.find("s3cretPW") == std::string::npos);
}

// One run for both failure modes (each tarsier run costs the analyzer's start-up).
TEST_CASE("lockfile and index disagreements fail only the package concerned", "[e2e][pypi]") {
  LocalPypi index;
  TempDir home;
  const Dist& tidy = index.dist("tidy-strings");
  const Dist& evil = index.dist("env-beacon");
  // env-beacon: the lockfile pins a hash of no file the index lists.
  index.serve_html("tampered", evil, "packages");
  // tidy-strings: honest-looking hashes that the lockfile agrees with, swapped content.
  index.server().serve("/swapped/" + tidy.sdist_name, evil.sdist);
  index.server().serve("/swapped/" + tidy.wheel_name, evil.wheel);
  index.serve_html("tampered", tidy, "swapped");
  std::string requirements = home.write(
      "requirements.txt", "env-beacon==1.0.0 --hash=sha256:" + std::string(64, 'e') +
                              "\ntidy-strings==2.1.0 --hash=sha256:" + tidy.sdist_sha + "\n");
  ScanRun run = run_scan(home, {requirements, "--index-url", index.url("tampered")});
  CHECK(run.process.exit_code == 1);  // a critical package wins over an incomplete scan

  const json& pinned_other = run.package("env-beacon");
  REQUIRE(pinned_other.at("error").is_string());
  CHECK(pinned_other.at("error").get<std::string>().find("the lockfile pins other files") !=
        std::string::npos);
  CHECK(index.server().request_count("/packages/" + evil.sdist_name) == 0);

  const json& swapped = run.package("tidy-strings");
  CHECK(swapped.at("risk") == "critical");
  CHECK(has_capability(swapped, "integrity"));
  CHECK(has_rule(swapped, "integrity-mismatch"));
  CHECK_FALSE(has_capability(swapped, "network"));  // the swapped code was not analysed
}
