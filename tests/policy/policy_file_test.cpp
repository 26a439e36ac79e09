// The policy file: parsing with located errors, expiry, and lookup from the project upwards.
#include <catch2/catch.hpp>
#include <filesystem>

#include "analyzer/policy/policy.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace tarsier;
using tarsier::test::TempDir;

namespace {

constexpr const char* k_today = "2026-06-15";

std::vector<std::string> messages(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) {
    out.push_back(d.str());
  }
  return out;
}

}  // namespace

TEST_CASE("a valid policy file gives suppressions and fail-on", "[policy]") {
  Policy p = parse_policy(R"(fail-on: medium
suppressions:
  - ecosystem: npm
    name: fetchy
    version: "^2.1.0"
    rule: js-network-module
    path: lib/get.js
    sha256: 932CD088939A28CE290EBA5732E887030D726B3627363C5F527B497F1964C978
    reason: the HTTP client is what the package is for
    expires: 2026-06-15
  - ecosystem: pypi
    name: Requests_OAuth
    version: ">=1.0,<2"
    capability: network
    reason: reviewed
)",
                          ".tarsier.yml", k_today);
  INFO(messages(p.errors).size());
  REQUIRE(p.errors.empty());
  REQUIRE(p.warnings.empty());  // expires today: still valid today
  REQUIRE(p.fail_on == Risk::medium);
  REQUIRE(p.suppressions.size() == 2);
  const Suppression& s = p.suppressions[0];
  CHECK(s.ecosystem == "npm");
  CHECK(s.name == "fetchy");
  CHECK(s.version.contains("2.9.0"));
  CHECK_FALSE(s.version.contains("3.0.0"));
  CHECK(s.sha256 == "932cd088939a28ce290eba5732e887030d726b3627363c5f527b497f1964c978");
  CHECK(s.line == 3);
  CHECK(s.column == 5);
  CHECK_FALSE(s.expired);
  CHECK(p.suppressions[1].name == "requests-oauth");  // PEP 503 normalised
}

TEST_CASE("policy errors carry path:line:col and the good entries are kept", "[policy]") {
  Policy p = parse_policy(R"(suppressions:
  - ecosystem: npm
    name: ok
    version: "*"
    rule: js-eval
    reason: fine
  - ecosystem: npm
    name: no-reason
    version: "1.0.0"
    rule: js-eval
  - ecosystem: npm
    name: bad-range
    version: "^abc"
    rule: js-eval
    reason: r
  - ecosystem: npm
    name: bad-date
    version: "*"
    rule: js-eval
    reason: r
    expires: 2026-02-30
  - ecosystem: npm
    name: unknown-key
    version: "*"
    rule: js-eval
    reason: r
    colour: blue
  - ecosystem: cargo
    name: x
    version: "*"
    capability: networking
    reason: r
  - ecosystem: npm
    name: pinned-without-path
    version: "*"
    rule: js-eval
    sha256: 932cd088939a28ce290eba5732e887030d726b3627363c5f527b497f1964c978
    reason: r
  - ecosystem: npm
    name: tampered
    version: "*"
    rule: integrity-mismatch
    reason: r
  - ecosystem: npm
    name: nothing-named
    version: "*"
    reason: r
bogus: 1
)",
                          "proj/.tarsier.yml", k_today);
  REQUIRE(p.suppressions.size() == 1);
  CHECK(p.suppressions[0].name == "ok");
  auto errors = messages(p.errors);
  auto has = [&](const std::string& text) {
    for (const auto& e : errors) {
      if (e == text) {
        return true;
      }
    }
    FAIL_CHECK("missing: " << text);
    return false;
  };
  has("proj/.tarsier.yml:7:5: missing 'reason': say why the finding is accepted");
  has("proj/.tarsier.yml:13:14: version: '^abc' is not a semver range");
  has("proj/.tarsier.yml:21:14: expires: expected a date YYYY-MM-DD, got '2026-02-30'");
  has("proj/.tarsier.yml:27:5: unknown key 'colour' (expected ecosystem, name, version, rule, "
      "capability, path, sha256, fingerprint, reason, expires)");
  has("proj/.tarsier.yml:28:16: ecosystem: expected npm or pypi");
  has("proj/.tarsier.yml:31:17: capability: unknown capability 'networking'");
  has("proj/.tarsier.yml:37:13: sha256 needs 'path': the file whose content it pins");
  has("proj/.tarsier.yml:42:11: integrity findings cannot be suppressed");
  has("proj/.tarsier.yml:44:5: missing 'rule', 'capability' or 'fingerprint': say which findings "
      "are accepted");
  has("proj/.tarsier.yml:48:1: unknown key 'bogus' (expected suppressions, fail-on, "
      "min-release-age or "
      "registry-signals)");
  CHECK(errors.size() == 10);
}

TEST_CASE("YAML syntax errors and wrong shapes are located, never thrown", "[policy]") {
  Policy broken = parse_policy("suppressions:\n  - name: [unclosed\n", "p.yml", k_today);
  REQUIRE(broken.errors.size() == 1);
  CHECK(broken.errors[0].path == "p.yml");
  CHECK(broken.errors[0].line >= 2);
  CHECK(broken.errors[0].column >= 1);

  Policy scalar = parse_policy("just text\n", "p.yml", k_today);
  REQUIRE(scalar.errors.size() == 1);
  CHECK(scalar.errors[0].str() ==
        "p.yml:1:1: expected a mapping with 'suppressions' and 'fail-on'");

  Policy list = parse_policy("suppressions: nope\nfail-on: none\n", "p.yml", k_today);
  CHECK(messages(list.errors) ==
        std::vector<std::string>{"p.yml:1:15: suppressions: expected a list of entries",
                                 "p.yml:2:10: fail-on: expected low, medium, high or critical"});

  Policy empty = parse_policy("", "p.yml", k_today);
  CHECK(empty.errors.empty());
  CHECK(empty.suppressions.empty());

  // Deep nesting must not exhaust the stack.
  Policy deep = parse_policy(std::string(100000, '['), "p.yml", k_today);
  CHECK_FALSE(deep.errors.empty());
}

TEST_CASE("an expired suppression warns and is marked, a future one is not", "[policy]") {
  Policy p = parse_policy(R"(suppressions:
  - ecosystem: npm
    name: old
    version: "*"
    rule: js-eval
    reason: r
    expires: 2026-06-14
  - ecosystem: npm
    name: new
    version: "*"
    rule: js-eval
    reason: r
    expires: 2027-01-01
)",
                          "p.yml", k_today);
  REQUIRE(p.errors.empty());
  REQUIRE(p.suppressions.size() == 2);
  CHECK(p.suppressions[0].expired);
  CHECK_FALSE(p.suppressions[1].expired);
  REQUIRE(p.warnings.size() == 1);
  CHECK(p.warnings[0].str() ==
        "p.yml:2:5: suppression of npm:old (js-eval) expired on 2026-06-14 and no longer applies");
}

TEST_CASE("calendar dates are checked", "[policy]") {
  CHECK(is_valid_date("2024-02-29"));
  CHECK_FALSE(is_valid_date("2023-02-29"));
  CHECK_FALSE(is_valid_date("2100-02-29"));
  CHECK(is_valid_date("2000-02-29"));
  CHECK_FALSE(is_valid_date("2026-13-01"));
  CHECK_FALSE(is_valid_date("2026-1-01"));
  CHECK_FALSE(is_valid_date("tomorrow"));
  CHECK(is_valid_date(today_utc()));
}

TEST_CASE("the policy file is found from the project upwards, never inside packages", "[policy]") {
  TempDir dir;
  namespace fs = std::filesystem;
  fs::create_directories(dir.path() + "/repo/.git");
  std::string root_policy = dir.write("repo/.tarsier.yml", "suppressions: []\n");
  dir.write("repo/app/package-lock.json", "{}");
  fs::create_directories(dir.path() + "/repo/app/deep/er");
  CHECK(find_policy_file(dir.path() + "/repo/app") == root_policy);
  CHECK(find_policy_file(dir.path() + "/repo/app/deep/er") == root_policy);

  // The closest file wins.
  std::string app_policy = dir.write("repo/app/.tarsier.yml", "");
  CHECK(find_policy_file(dir.path() + "/repo/app") == app_policy);

  // A policy shipped inside an installed package is never used.
  dir.write("repo/app/node_modules/evil/.tarsier.yml", "suppressions: []\n");
  dir.write("repo/app/node_modules/evil/package-lock.json", "{}");
  CHECK(find_policy_file(dir.path() + "/repo/app/node_modules/evil") == app_policy);
  dir.write("repo/app/venv/lib/site-packages/x/.tarsier.yml", "");
  CHECK(find_policy_file(dir.path() + "/repo/app/venv/lib/site-packages/x") == app_policy);

  // Never above the repository: a policy planted in a shared folder above it is not used.
  fs::remove(root_policy);
  fs::remove(app_policy);
  dir.write(".tarsier.yml", "suppressions: []\n");
  CHECK_FALSE(find_policy_file(dir.path() + "/repo/app"));
  // Outside any repository, upwards until a folder others may write to, which is not read.
  fs::create_directories(dir.path() + "/shared/project/sub");
  fs::permissions(dir.path() + "/shared", fs::perms::all);
  dir.write("shared/.tarsier.yml", "suppressions: []\n");
  CHECK_FALSE(find_policy_file(dir.path() + "/shared/project/sub"));
  std::string own = dir.write("shared/project/.tarsier.yml", "");
  CHECK(find_policy_file(dir.path() + "/shared/project/sub") == own);
}

TEST_CASE("a suppression naming an unknown rule id is an error with the closest id", "[policy]") {
  const std::vector<std::string> known = {"js-eval", "js-network-module", "npm-install-script",
                                          "threat-credential-theft"};
  std::string text = R"(suppressions:
  - ecosystem: npm
    name: fetchy
    version: "*"
    rule: js-evl
    reason: reviewed
  - ecosystem: npm
    name: other
    version: "*"
    rule: something-else-entirely
    reason: reviewed
  - ecosystem: npm
    name: kept
    version: "*"
    rule: threat-credential-theft
    reason: reviewed
)";
  Policy p = parse_policy(text, ".tarsier.yml", k_today, &known);
  CHECK(messages(p.errors) ==
        std::vector<std::string>{
            ".tarsier.yml:5:11: unknown rule id 'js-evl'; did you mean 'js-eval'?",
            ".tarsier.yml:10:11: unknown rule id 'something-else-entirely'"});
  REQUIRE(p.suppressions.size() == 1);
  CHECK(p.suppressions[0].name == "kept");
  // Without the list of ids (tests, fuzzing) rule ids are not checked.
  CHECK(parse_policy(text, ".tarsier.yml", k_today).errors.empty());
}

TEST_CASE("tarsier policy check rejects an unknown rule id", "[policy][e2e]") {
  TempDir dir;
  dir.write(".tarsier.yml",
            "suppressions:\n  - ecosystem: npm\n    name: fetchy\n    version: \"*\"\n"
            "    rule: js-network-modul\n    reason: reviewed\n");
  std::string policy = dir.path() + "/.tarsier.yml";
  auto check = test::run_process({test::tarsier_binary(), "policy", "check", policy});
  CHECK(check.exit_code == 2);
  CHECK(check.err.find(policy + ":5:11: unknown rule id 'js-network-modul'; did you mean "
                                "'js-network-module'?") != std::string::npos);
}

TEST_CASE("policy keys for the registry signals", "[policy][registry-signals]") {
  Policy good = parse_policy("min-release-age: 3d\nregistry-signals: true\n", "p.yml", k_today);
  CHECK(good.errors.empty());
  REQUIRE(good.min_release_age);
  CHECK(good.min_release_age->count() == 3 * 86400);
  CHECK(good.registry_signals == std::optional<bool>(true));

  Policy none = parse_policy("fail-on: high\n", "p.yml", k_today);
  CHECK_FALSE(none.min_release_age);
  CHECK_FALSE(none.registry_signals);

  Policy bad = parse_policy("min-release-age: soon\nregistry-signals: maybe\n", "p.yml", k_today);
  REQUIRE(bad.errors.size() == 2);
  CHECK(bad.errors[0].str() ==
        "p.yml:1:18: min-release-age: expected a duration such as 36h or 7d");
  CHECK(bad.errors[1].str() == "p.yml:2:19: registry-signals: expected true or false");
}
