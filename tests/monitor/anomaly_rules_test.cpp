// Anomaly rules: each alert type fires on its positive case and stays quiet on its negative one.
#include <catch2/catch.hpp>

#include <cmath>

#include "analyzer/monitor/anomaly_rules.h"
#include "analyzer/monitor/robust_stats.h"

using namespace tarsier;

namespace {

VersionFacts facts(const std::string& version) {
  VersionFacts f;
  f.meta.version = version;
  f.meta.publisher = "alice";
  f.meta.maintainers = {"alice"};
  return f;
}

VersionFacts analysed(const std::string& version, std::vector<std::string> caps,
                      Risk risk = Risk::low) {
  VersionFacts f = facts(version);
  f.analysis = AnalysedVersion{version, risk, std::move(caps), {}, 10, 1000};
  return f;
}

std::vector<std::string> types(const std::vector<Anomaly>& anomalies) {
  std::vector<std::string> out;
  for (const auto& a : anomalies) {
    out.push_back(a.type);
  }
  return out;
}

bool has(const std::vector<Anomaly>& anomalies, const std::string& type) {
  auto t = types(anomalies);
  return std::find(t.begin(), t.end(), type) != t.end();
}

}  // namespace

TEST_CASE("robust z-score uses median and MAD, with fallbacks", "[monitor]") {
  CHECK(median({3, 1, 2}) == 2);
  CHECK(median({4, 1, 2, 3}) == 2.5);
  // history 10, 11, 12, 13, 14: median 12, MAD 1 -> z(20) = 0.6745 * 8.
  auto z = robust_z({10, 11, 12, 13, 14}, 20);
  REQUIRE(z);
  CHECK(*z == Approx(0.6745 * 8));
  // MAD 0 (most values equal): mean absolute deviation stands in.
  auto z2 = robust_z({10, 10, 10, 10, 20}, 30);
  REQUIRE(z2);
  CHECK(*z2 == Approx(20 / (1.2533 * 2)));
  CHECK(std::isinf(*robust_z({5, 5, 5}, 6)));
  CHECK(*robust_z({5, 5, 5}, 5) == 0);
  CHECK_FALSE(robust_z({}, 1));
}

TEST_CASE("new capability and new threat against every earlier analysed version", "[monitor]") {
  std::vector<VersionFacts> earlier = {analysed("1.0.0", {"network"}), analysed("1.1.0", {"env"})};
  VersionFacts current = analysed("1.2.0", {"network", "env", "shell"});
  current.analysis->threats = {"exfiltration"};
  auto found = detect_anomalies(earlier, current);
  REQUIRE(has(found, "new-capability"));
  REQUIRE(has(found, "new-threat"));
  for (const auto& a : found) {
    if (a.type == "new-capability") {
      CHECK(a.key_detail == "shell");
      CHECK(a.severity == Risk::high);
      CHECK(a.previous_version == "1.1.0");
    }
  }
  // Negative: network came back, but 1.0.0 had it already; no analysed history at all.
  CHECK_FALSE(has(detect_anomalies(earlier, analysed("1.2.0", {"network"})), "new-capability"));
  CHECK_FALSE(
      has(detect_anomalies({facts("1.0.0")}, analysed("1.1.0", {"shell"})), "new-capability"));
}

TEST_CASE("install script added", "[monitor]") {
  VersionFacts current = facts("1.1.0");
  current.meta.install_script = true;
  CHECK(has(detect_anomalies({facts("1.0.0")}, current), "install-script-added"));
  VersionFacts had = facts("1.0.0");
  had.meta.install_script = true;
  CHECK_FALSE(has(detect_anomalies({had}, current), "install-script-added"));
  CHECK_FALSE(has(detect_anomalies({facts("1.0.0")}, facts("1.1.0")), "install-script-added"));
}

TEST_CASE("size far outside the history, with a minimum history", "[monitor]") {
  std::vector<VersionFacts> earlier;
  for (int i = 0; i < 6; ++i) {
    VersionFacts f = facts("1.0." + std::to_string(i));
    f.meta.unpacked_size = 10000 + i * 100;
    f.meta.file_count = 10;
    earlier.push_back(f);
  }
  VersionFacts big = facts("1.0.9");
  big.meta.unpacked_size = 900000;
  big.meta.file_count = 11;  // +10 %: below the least relative change
  auto found = detect_anomalies(earlier, big);
  REQUIRE(types(found) == std::vector<std::string>{"size-outlier"});
  CHECK(found[0].key_detail == "unpacked-size");
  CHECK(found[0].evidence["median"] == 10250);

  VersionFacts usual = facts("1.0.9");
  usual.meta.unpacked_size = 10400;
  CHECK_FALSE(has(detect_anomalies(earlier, usual), "size-outlier"));
  // Four earlier versions are not enough history.
  std::vector<VersionFacts> short_history(earlier.begin(), earlier.begin() + 4);
  CHECK_FALSE(has(detect_anomalies(short_history, big), "size-outlier"));
}

TEST_CASE("new publisher and new maintainer", "[monitor]") {
  VersionFacts current = facts("1.1.0");
  current.meta.publisher = "mallory";
  current.meta.maintainers = {"alice", "mallory", "trent"};
  auto found = detect_anomalies({facts("1.0.0")}, current);
  CHECK(has(found, "new-publisher"));
  CHECK(has(found, "new-maintainer"));  // trent; mallory is reported once, as publisher
  CHECK(found.size() == 2);
  CHECK(detect_anomalies({facts("1.0.0")}, facts("1.1.0")).empty());
  // The registry never named anyone before: nothing to compare with.
  VersionFacts anonymous = facts("1.0.0");
  anonymous.meta.publisher.clear();
  anonymous.meta.maintainers.clear();
  CHECK_FALSE(has(detect_anomalies({anonymous}, current), "new-publisher"));
}

TEST_CASE("release burst alerts once when it reaches the threshold", "[monitor]") {
  std::vector<VersionFacts> earlier;
  for (int i = 0; i < 4; ++i) {
    VersionFacts f = facts("1.0." + std::to_string(i));
    f.meta.published_at = "2025-03-01T0" + std::to_string(i) + ":00:00.000Z";
    earlier.push_back(f);
  }
  VersionFacts fifth = facts("1.0.4");
  fifth.meta.published_at = "2025-03-01T05:00:00.000Z";
  CHECK(has(detect_anomalies(earlier, fifth), "release-burst"));
  earlier.push_back(fifth);
  VersionFacts sixth = facts("1.0.5");
  sixth.meta.published_at = "2025-03-01T06:00:00.000Z";
  CHECK_FALSE(has(detect_anomalies(earlier, sixth), "release-burst"));
  VersionFacts later = facts("1.0.5");
  later.meta.published_at = "2025-03-09T06:00:00.000Z";
  CHECK_FALSE(
      has(detect_anomalies(std::vector<VersionFacts>(earlier.begin(), earlier.begin() + 4), later),
          "release-burst"));
}

TEST_CASE("dependency added in a patch release", "[monitor]") {
  VersionFacts before = facts("1.2.3");
  before.meta.dependencies = {"left-pad"};
  VersionFacts patch = facts("1.2.4");
  patch.meta.dependencies = {"left-pad", "flatmap-stream"};
  auto found = detect_anomalies({before}, patch);
  REQUIRE(types(found) == std::vector<std::string>{"dependency-added-in-patch"});
  CHECK(found[0].key_detail == "flatmap-stream");
  VersionFacts minor = facts("1.3.0");
  minor.meta.dependencies = patch.meta.dependencies;
  CHECK(detect_anomalies({before}, minor).empty());
}

TEST_CASE("risk raised against the previous analysed version", "[monitor]") {
  auto found = detect_anomalies({analysed("1.0.0", {"network"}, Risk::low)},
                                analysed("1.0.1", {"network"}, Risk::high));
  REQUIRE(types(found) == std::vector<std::string>{"risk-raised"});
  CHECK(found[0].severity == Risk::high);
  CHECK(detect_anomalies({analysed("1.0.0", {"network"}, Risk::high)},
                         analysed("1.0.1", {"network"}, Risk::medium))
            .empty());
}
