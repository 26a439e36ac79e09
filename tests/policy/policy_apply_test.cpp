// Applying suppressions to package results: matching, sha256 pinning, expiry, and the risk
// recomputation agreeing with the engine.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyzer/core/finding_identity.h"
#include "analyzer/engine/analyzer.h"
#include "analyzer/policy/package_risk.h"
#include "analyzer/policy/policy_apply.h"
#include "analyzer/util/integrity.h"
#include "tests/support/db_samples.h"
#include "tests/support/engine_samples.h"
#include "tests/support/paths.h"

using namespace tarsier;
namespace fs = std::filesystem;

namespace {

constexpr const char* k_today = "2026-06-15";

Policy policy_of(const std::string& yaml) {
  Policy p = parse_policy(yaml, "p.yml", k_today);
  for (const auto& e : p.errors) {
    FAIL(e.str());
  }
  return p;
}

// A package whose lib/get.js talks to the network and whose setup.js exfiltrates at install.
PackageResult sample(const std::string& version = "2.1.0") {
  PackageResult r;
  r.ref.name = "fetchy";
  r.ref.version = version;
  r.findings = {
      test::sample_finding("js-network-module", "network", Risk::low, "lib/get.js"),
      test::sample_finding("js-http-request", "network", Risk::low, "lib/get.js"),
      test::sample_finding("js-env-dump", "env", Risk::medium, "setup.js"),
      test::sample_finding("js-network-module", "network", Risk::low, "setup.js"),
      test::sample_finding("threat-exfiltration", "exfiltration", Risk::critical, "setup.js")};
  r.capabilities = {"env", "exfiltration", "network"};
  r.threats = {"exfiltration"};
  r.risk = Risk::critical;
  r.analysis = {r.risk, r.threats};
  r.file_sha256 = {{"lib/get.js", hex_digest("sha256", "content v1")},
                   {"setup.js", hex_digest("sha256", "setup")}};
  return r;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<ArchiveEntry> entries_of(const fs::path& dir) {
  std::vector<ArchiveEntry> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) {
      out.push_back({fs::relative(e.path(), dir).generic_string(), read(e.path())});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const ArchiveEntry& a, const ArchiveEntry& b) { return a.path < b.path; });
  return out;
}

}  // namespace

TEST_CASE("a suppression marks matching findings and the risk drops", "[policy]") {
  Policy p = policy_of(R"(suppressions:
  - ecosystem: npm
    name: fetchy
    version: "^2.0.0"
    capability: network
    path: lib/get.js
    reason: the HTTP client is the package's purpose
)");
  PackageResult r = sample();
  r.findings.resize(2);  // only the lib/get.js findings
  r.threats.clear();
  r.risk = Risk::low;
  r.analysis = {Risk::low, {}};
  REQUIRE(apply_policy(p, &r) == 2);
  CHECK(r.findings[0].suppressed);
  CHECK(r.findings[0].suppression_reason == "the HTTP client is the package's purpose");
  CHECK(r.risk == Risk::none);
  CHECK(r.analysis.risk == Risk::low);  // the cached analysis keeps the archive's own risk
  CHECK(r.capabilities == std::vector<std::string>{"env", "exfiltration", "network"});

  SECTION("outside the version range nothing is suppressed") {
    PackageResult other = sample("3.0.0");
    CHECK(apply_policy(p, &other) == 0);
    CHECK(other.risk == Risk::critical);
    CHECK(other.analysis.risk == Risk::critical);
  }
}

TEST_CASE("a suppression pinned to a file's sha256 stops applying when the file changes",
          "[policy]") {
  Policy p = policy_of(R"(suppressions:
  - ecosystem: npm
    name: fetchy
    version: "*"
    rule: js-network-module
    path: lib/get.js
    sha256: )" + hex_digest("sha256", "content v1") +
                       R"(
    reason: reviewed this exact file
)");
  PackageResult same = sample();
  REQUIRE(apply_policy(p, &same) == 1);
  CHECK(same.findings[0].suppressed);

  PackageResult changed = sample("2.2.0");
  changed.file_sha256["lib/get.js"] = hex_digest("sha256", "content v2");
  CHECK(apply_policy(p, &changed) == 0);
  CHECK_FALSE(changed.findings[0].suppressed);

  PackageResult unknown = sample();  // e.g. a result stored before hashes were recorded
  unknown.file_sha256.clear();
  CHECK(apply_policy(p, &unknown) == 0);
}

TEST_CASE("a suppression by fingerprint follows one finding across versions and line moves",
          "[policy]") {
  PackageResult r = sample();
  r.findings[1].snippet = "https.request(url)";
  std::string fingerprint = finding_fingerprint(r.findings[1]);
  Policy p = policy_of(R"(suppressions:
  - ecosystem: npm
    name: fetchy
    version: "*"
    fingerprint: )" + fingerprint +
                       R"(
    reason: reviewed this request
)");
  PackageResult later = sample("2.9.0");
  later.findings[1].snippet = "https.request( url )";
  later.findings[1].line += 400;
  REQUIRE(apply_policy(p, &later) == 1);
  CHECK(later.findings[1].suppressed);

  SECTION("a path with a version in it still matches after an update") {
    Policy by_path = policy_of(R"(suppressions:
  - ecosystem: npm
    name: fetchy
    version: "*"
    rule: js-network-module
    path: dist/1.2.0/get.js
    reason: reviewed
)");
    PackageResult bumped = sample();
    bumped.findings.resize(1);
    bumped.findings[0].file = "dist/1.3.5/get.js";
    CHECK(apply_policy(by_path, &bumped) == 1);
  }

  SECTION("a malformed fingerprint is an error") {
    Policy bad = parse_policy(R"(suppressions:
  - ecosystem: npm
    name: fetchy
    version: "*"
    fingerprint: xyz
    reason: r
)",
                              "p.yml", k_today);
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].str().find("p.yml:5:18: fingerprint: expected 16 hexadecimal") == 0);
  }
}

TEST_CASE("expired suppressions and integrity findings never apply", "[policy]") {
  Policy p = policy_of(R"(suppressions:
  - ecosystem: npm
    name: fetchy
    version: "*"
    capability: network
    reason: was fine last year
    expires: 2026-01-01
  - ecosystem: npm
    name: fetchy
    version: "*"
    rule: js-env-dump
    reason: still fine
)");
  REQUIRE(p.warnings.size() == 1);
  PackageResult r = sample();
  r.findings.push_back(
      test::sample_finding("integrity-republished", "integrity", Risk::critical, ""));
  REQUIRE(apply_policy(p, &r) == 1);
  CHECK(r.findings[2].suppressed);  // js-env-dump
  CHECK_FALSE(r.findings[0].suppressed);
  CHECK_FALSE(r.findings[5].suppressed);
  CHECK(r.risk == Risk::critical);
}

TEST_CASE("a threat goes when all its evidence in the file is suppressed", "[policy]") {
  Policy p = policy_of(R"(suppressions:
  - ecosystem: npm
    name: fetchy
    version: "*"
    path: setup.js
    capability: env
    reason: a
  - ecosystem: npm
    name: fetchy
    version: "*"
    path: setup.js
    capability: network
    reason: b
)");
  PackageResult r = sample();
  REQUIRE(apply_policy(p, &r) == 3);
  CHECK(r.findings[4].suppressed);
  CHECK(r.findings[4].suppression_reason ==
        "every finding it correlates in setup.js is suppressed");
  CHECK(r.threats.empty());
  CHECK(r.analysis.threats == std::vector<std::string>{"exfiltration"});
  CHECK(r.risk == Risk::low);  // lib/get.js still talks to the network

  SECTION("with part of the evidence left, the threat stands") {
    Policy partial = policy_of(R"(suppressions:
  - ecosystem: npm
    name: fetchy
    version: "*"
    rule: js-env-dump
    reason: a
)");
    PackageResult r2 = sample();
    REQUIRE(apply_policy(partial, &r2) == 1);
    CHECK(r2.threats == std::vector<std::string>{"exfiltration"});
    CHECK(r2.risk == Risk::critical);
  }
}

TEST_CASE("package_risk follows the Risk level formula", "[policy]") {
  std::vector<Finding> f = {test::sample_finding("js-eval", "eval", Risk::high, "a.js"),
                            test::sample_finding("archive-symlink", "archive", Risk::medium, "")};
  CHECK(package_risk(f, {}).risk == Risk::medium);  // behaviour capped at medium
  f.push_back(test::sample_finding("archive-path-traversal", "archive", Risk::high, ""));
  CHECK(package_risk(f, {}).risk == Risk::high);  // package problems are not capped
  f[2].suppressed = true;
  CHECK(package_risk(f, {}).risk == Risk::medium);
  // A threat without a finding of its own (tampered-archive) stays.
  CHECK(package_risk({}, {"tampered-archive"}).threats ==
        std::vector<std::string>{"tampered-archive"});
}

TEST_CASE("package_risk agrees with the engine on every unsuppressed fixture package", "[policy]") {
  auto analyzer = test::new_analyzer();
  std::vector<fs::path> dirs;
  for (const char* root :
       {"fixtures/packages", "fixtures/behaviour/benign", "fixtures/behaviour/malicious"}) {
    for (const auto& e : fs::directory_iterator(tarsier::test::source_path(root))) {
      if (e.is_directory()) {
        dirs.push_back(e.path());
      }
    }
  }
  REQUIRE(dirs.size() > 20);
  int with_threats = 0;
  for (const auto& dir : dirs) {
    PackageRef ref;
    ref.name = dir.filename().string();
    ref.version = "1.0.0";
    PackageAnalysis a = analyzer->analyze(ref, entries_of(dir), {});
    PackageRisk recomputed = package_risk(a.findings, a.threats);
    INFO(dir.string());
    CHECK(recomputed.risk == a.risk);
    CHECK(recomputed.threats == a.threats);
    with_threats += a.threats.empty() ? 0 : 1;
  }
  CHECK(with_threats > 5);  // the comparison covers threat scoring, not only capped findings
}

TEST_CASE("suppression names may be globs; unused suppressions are found", "[policy]") {
  CHECK(name_matches("@cloudflare/workerd-*", "@cloudflare/workerd-linux-64"));
  CHECK(name_matches("*", "anything"));
  CHECK(name_matches("fetchy", "fetchy"));
  CHECK_FALSE(name_matches("@cloudflare/workerd-*", "@cloudflare/kv"));
  CHECK_FALSE(name_matches("fetch*y", "fetchyz"));

  Policy p = policy_of(R"(suppressions:
  - ecosystem: npm
    name: "fetch*"
    version: "*"
    capability: network
    reason: HTTP client
  - ecosystem: npm
    name: nothing-here
    version: "*"
    capability: shell
    reason: stale entry
)");
  PackageResult r = sample();
  REQUIRE(apply_policy(p, &r) > 0);
  auto unused = unused_suppressions(p, {r});
  REQUIRE(unused.size() == 1);
  CHECK(unused[0]->name == "nothing-here");
  CHECK(unused[0]->line == 7);
}

TEST_CASE("policy errors come sorted by line", "[policy]") {
  Policy p = parse_policy(R"(suppressions:
  - ecosystem: npm
    name: a
    version: "*"
    capability: nope
    reason: r
bogus: 1
fail-on: extreme
)",
                          "p.yml", k_today);
  REQUIRE(p.errors.size() == 3);
  for (size_t i = 1; i < p.errors.size(); ++i) {
    CHECK(p.errors[i - 1].line <= p.errors[i].line);
  }
}
