// The per-package history timeline read from the risk database, and its JSON schema.
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "analyzer/db/history.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/ecosystem/ecosystem.h"
#include "tests/support/db_samples.h"
#include "tests/support/json_schema.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace tarsier;
using namespace tarsier::test;

namespace {}  // namespace

TEST_CASE("history lists every version in version order with what changed", "[db]") {
  TempDir dir;
  std::string path = dir.path() + "/risk.db";
  {
    auto db = must(RiskDb::open(path));
    REQUIRE(db != nullptr);
    int64_t scan = must(db->begin_scan(sample_scan_record()));
    // Recorded out of version order: 10.0.0 first, then 2.0.0, then 9.1.0.
    must(db->record_package(scan, sample_result("10.0.0", "sha512-C", Risk::high,
                                                {"env", "network"}, {"exfiltration"})));
    must(db->record_package(scan, sample_result("2.0.0", "sha512-A", Risk::low, {"network"})));
    must(db->record_package(scan, sample_result("9.1.0", "sha512-B", Risk::low, {"network"})));
    // 9.1.0 republished with another archive, and a failure for 11.0.0.
    int64_t later = must(db->begin_scan(sample_scan_record()));
    must(db->record_package(later, sample_result("9.1.0", "sha512-B2", Risk::low, {"network"})));
    PackageResult failed = sample_result("11.0.0", "", Risk::none, {});
    failed.error = "registry metadata: HTTP 404";
    must(db->record_package(later, failed));
    // Another package does not leak in.
    PackageResult other = sample_result("1.0.0", "sha512-Z", Risk::critical, {"shell"});
    other.ref.name = "other";
    must(db->record_package(later, other));
  }
  auto history = load_history(path, "npm", "fetchy");
  REQUIRE(history.ok());
  order_history(&*history, find_ecosystem(history->ecosystem)->compare_versions);
  REQUIRE(history->versions.size() == 4);
  const auto& v = history->versions;
  CHECK(v[0].version == "2.0.0");
  CHECK(v[1].version == "9.1.0");
  CHECK(v[2].version == "10.0.0");
  CHECK(v[3].version == "11.0.0");

  CHECK(v[0].capabilities_gained == std::vector<std::string>{"network"});
  CHECK_FALSE(v[0].previous.has_value());
  CHECK(v[1].capabilities_gained.empty());
  CHECK(v[1].integrities == std::vector<std::string>{"sha512-B", "sha512-B2"});
  CHECK(v[1].scans == 2);
  CHECK(v[2].previous == "9.1.0");
  CHECK(v[2].risk_before == Risk::low);
  CHECK(v[2].risk == Risk::high);
  CHECK(v[2].capabilities_gained == std::vector<std::string>{"env"});
  CHECK(v[2].threats_gained == std::vector<std::string>{"exfiltration"});
  CHECK_FALSE(v[3].analyzed);
  CHECK(v[3].error == "registry metadata: HTTP 404");
  CHECK(v[3].capabilities_lost == std::vector<std::string>{"env", "network"});
  CHECK(v[3].threats_lost == std::vector<std::string>{"exfiltration"});

  std::ostringstream json;
  write_history_json(*history, "0.1.0", json);
  std::string schema_error;
  auto schema = test::JsonSchema::load(test::source_path("analyzer/db/history-report.schema.json"),
                                       &schema_error);
  REQUIRE(schema.has_value());
  auto problems = schema->validate_text(json.str());
  INFO(json.str());
  for (const auto& p : problems) {
    FAIL_CHECK(p);
  }
  CHECK(json.str().find("\"republished\": true") != std::string::npos);

  // The schema is not a blank check: a wrong risk is rejected.
  std::string broken = json.str();
  broken.replace(broken.find("\"risk\": \"low\""), 13, "\"risk\": \"bad\"");
  CHECK_FALSE(schema->validate_text(broken).empty());

  std::ostringstream text;
  write_history_text(*history, text);
  CHECK(text.str().find("npm:fetchy: 4 versions") == 0);
  CHECK(text.str().find("+env +threat:exfiltration risk low->high") != std::string::npos);
  CHECK(text.str().find("REPUBLISHED") != std::string::npos);

  auto unknown = load_history(path, "npm", "nobody");
  REQUIRE(unknown.ok());
  CHECK(unknown->versions.empty());
}
