#include "analyzer/core/result.h"

#include <catch2/catch.hpp>
#include <memory>

using namespace tarsier;

TEST_CASE("Result holds a value or an error with its place", "[result]") {
  Result<int> value = 7;
  REQUIRE(value.ok());
  CHECK(*value == 7);

  Result<int> failed = make_error(ErrorKind::invalid, "lock.json", 3, 5, "expected a version");
  REQUIRE_FALSE(failed);
  CHECK(failed.error().kind == ErrorKind::invalid);
  CHECK(failed.error().where.line == 3);
  CHECK(failed.error().message() == "expected a version");
  CHECK(failed.error().str() == "lock.json:3:5: expected a version");

  // Without a place only the message is shown; a path without a line has no numbers.
  CHECK(make_error(ErrorKind::io, "disk full").str() == "disk full");
  CHECK(make_error(ErrorKind::not_found, "a.txt", 0, 0, "missing").str() == "a.txt: missing");
}

TEST_CASE("Result moves values out and Result<void> reports success or an error", "[result]") {
  Result<std::unique_ptr<int>> owned = std::make_unique<int>(4);
  REQUIRE(owned);
  std::unique_ptr<int> taken = std::move(*owned);
  CHECK(*taken == 4);

  Result<void> done;
  CHECK(done.ok());
  Result<void> refused = make_error(ErrorKind::io, "cache: cannot write");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().str() == "cache: cannot write");
}
