#include "analyzer/util/utc_time.h"

#include <catch2/catch.hpp>

using namespace tarsier;

TEST_CASE("UTC timestamps round-trip in the database's form", "[util]") {
  auto t = parse_utc_iso("2025-09-08T13:16:02.512Z");
  REQUIRE(t);
  CHECK(utc_iso(*t) == "2025-09-08T13:16:02.512Z");
  CHECK(utc_iso(*parse_utc_iso("2025-09-08T13:16:02Z")) == "2025-09-08T13:16:02.000Z");
  CHECK(utc_iso(*parse_utc_iso("2011-10-05T14:48:00.000123Z")) == "2011-10-05T14:48:00.000Z");
  CHECK_FALSE(parse_utc_iso("2025-09-08 13:16:02Z"));
  CHECK_FALSE(parse_utc_iso("yesterday"));
  CHECK_FALSE(parse_utc_iso("2025-09-08T13:16:02.Z"));
}

TEST_CASE("durations", "[util]") {
  using std::chrono::seconds;
  CHECK(parse_duration("30") == seconds(30));
  CHECK(parse_duration("30s") == seconds(30));
  CHECK(parse_duration("5m") == seconds(300));
  CHECK(parse_duration("2h") == seconds(7200));
  CHECK(parse_duration("7d") == seconds(7 * 86400));
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("0s"));
  CHECK_FALSE(parse_duration("-5m"));
  CHECK_FALSE(parse_duration("5w"));
  CHECK(human_duration(seconds(0)) == "0s");
  CHECK(human_duration(seconds(192)) == "3m 12s");
  CHECK(human_duration(seconds(90061)) == "1d 1h");
}
