#include <catch2/catch.hpp>

#include "analyzer/core/capability.h"
#include "analyzer/core/diagnostic.h"
#include "analyzer/core/risk.h"

using namespace tarsier;

TEST_CASE("parse_risk round-trips every level") {
  for (Risk r : {Risk::none, Risk::low, Risk::medium, Risk::high, Risk::critical}) {
    REQUIRE(parse_risk(to_string(r)) == r);
  }
  REQUIRE_FALSE(parse_risk("severe").has_value());
  REQUIRE(Risk::high > Risk::medium);
}

TEST_CASE("Diagnostic::str leaves out unknown parts") {
  REQUIRE(Diagnostic{"a.json", 3, 7, "expected ','"}.str() == "a.json:3:7: expected ','");
  REQUIRE(Diagnostic{"a.json", 3, 0, "bad"}.str() == "a.json:3: bad");
  REQUIRE(Diagnostic{"a.json", 0, 0, "empty"}.str() == "a.json: empty");
}

TEST_CASE("offset_to_line_col counts lines and byte columns") {
  int line = 0, col = 0;
  offset_to_line_col("ab\ncd\nef", 4, &line, &col);
  REQUIRE(line == 2);
  REQUIRE(col == 2);
  offset_to_line_col("", 10, &line, &col);
  REQUIRE(line == 1);
  REQUIRE(col == 1);
}

TEST_CASE("capability ids are known") {
  REQUIRE(capability::is_known("install-scripts"));
  REQUIRE(capability::is_known("crypto-wallet"));
  REQUIRE_FALSE(capability::is_known("teleport"));
}
