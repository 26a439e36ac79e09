// decide_verdict: the one place a package's risk and threats are derived from its analysis, the
// context findings and the policy; the analysis itself never changes.
#include <catch2/catch.hpp>

#include "analyzer/policy/policy.h"
#include "analyzer/policy/verdict.h"
#include "tests/support/db_samples.h"

using namespace tarsier;

namespace {

// An analysed package: lib/get.js talks to the network (low), setup.js exfiltrates (critical).
PackageResult analysed() {
  PackageResult r;
  r.ref.name = "fetchy";
  r.ref.version = "2.1.0";
  r.stats.files = 3;
  r.findings = {
      test::sample_finding("js-network-module", "network", Risk::low, "lib/get.js"),
      test::sample_finding("js-env-dump", "env", Risk::medium, "setup.js"),
      test::sample_finding("threat-exfiltration", "exfiltration", Risk::critical, "setup.js")};
  r.capabilities = {"env", "exfiltration", "network"};
  r.analysis = {Risk::critical, {"exfiltration"}};
  return r;
}

Policy policy_of(const std::string& yaml) {
  Policy p = parse_policy(yaml, "p.yml", "2026-01-01");
  for (const auto& e : p.errors) {
    FAIL(e.str());
  }
  return p;
}

}  // namespace

TEST_CASE("without context or policy the verdict is the analysis", "[verdict]") {
  PackageResult r = analysed();
  r.risk = Risk::none;  // whatever was there before is replaced
  CHECK(decide_verdict(&r, {}, nullptr) == 0);
  CHECK(r.risk == Risk::critical);
  CHECK(r.threats == std::vector<std::string>{"exfiltration"});
  CHECK(r.findings.size() == 3);
}

TEST_CASE("context findings raise the verdict, never the analysis", "[verdict]") {
  PackageResult r;
  r.ref.name = "quiet";
  r.stats.files = 2;
  r.findings = {test::sample_finding("js-network-module", "network", Risk::low, "index.js")};
  r.capabilities = {"network"};
  r.analysis = {Risk::low, {}};
  Finding known = test::sample_finding("known-malware", "malware", Risk::critical, "");
  Finding hint = test::sample_finding("lockfile-install-script", "install-scripts", Risk::low, "");
  CHECK(decide_verdict(&r, {known, hint}, nullptr) == 0);
  CHECK(r.risk == Risk::critical);
  CHECK(r.analysis.risk == Risk::low);
  REQUIRE(r.findings.size() == 3);
  CHECK(r.findings[1].context);
  CHECK(r.findings[2].context);
  CHECK(r.capabilities == std::vector<std::string>{"install-scripts", "malware", "network"});

  SECTION("deciding again gives the same verdict") {
    decide_verdict(&r, {}, nullptr);
    CHECK(r.risk == Risk::critical);
    CHECK(r.findings.size() == 3);
  }
  SECTION("the install-script hint is dropped when the archive reports the script") {
    PackageResult s = r;
    s.findings = {test::sample_finding("install-script", "install-scripts", Risk::medium, "p")};
    s.capabilities = {"install-scripts"};
    s.analysis = {Risk::medium, {}};
    decide_verdict(&s, {hint}, nullptr);
    CHECK(s.findings.size() == 1);
    CHECK(s.risk == Risk::medium);
  }
}

TEST_CASE("a policy's suppressions lower the verdict, the analysis keeps its risk", "[verdict]") {
  Policy p = policy_of(R"(suppressions:
  - ecosystem: npm
    name: fetchy
    version: "*"
    path: setup.js
    capability: env
    reason: reads its own configuration
)");
  PackageResult r = analysed();
  // js-env-dump plus the threat whose only other evidence it was.
  CHECK(decide_verdict(&r, {}, &p) == 2);
  CHECK(r.risk == Risk::low);
  CHECK(r.threats.empty());
  CHECK(r.analysis.risk == Risk::critical);
  CHECK(r.analysis.threats == std::vector<std::string>{"exfiltration"});

  SECTION("a context finding is not hidden by a suppression of another capability") {
    PackageResult s = analysed();
    decide_verdict(&s, {test::sample_finding("known-malware", "malware", Risk::critical, "")}, &p);
    CHECK(s.risk == Risk::critical);
    CHECK(s.threats.empty());
  }
}
