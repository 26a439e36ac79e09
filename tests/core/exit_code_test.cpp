#include "analyzer/core/exit_code.h"

#include <catch2/catch.hpp>

using namespace tarsier;

TEST_CASE("the exit code of every verdict and error against every gate", "[exit_code]") {
  // (highest verdict, incomplete, --fail-on) -> exit code; a failing package outranks errors.
  struct Row {
    Risk highest;
    bool incomplete;
    Risk fail_on;
    int code;
  };
  const Row table[] = {
      {Risk::none, false, Risk::high, k_exit_ok},
      {Risk::medium, false, Risk::high, k_exit_ok},
      {Risk::high, false, Risk::high, k_exit_findings},
      {Risk::critical, false, Risk::high, k_exit_findings},
      {Risk::none, true, Risk::high, k_exit_incomplete},
      {Risk::medium, true, Risk::high, k_exit_incomplete},
      {Risk::high, true, Risk::high, k_exit_findings},
      {Risk::low, false, Risk::low, k_exit_findings},
      {Risk::none, false, Risk::low, k_exit_ok},
      {Risk::medium, true, Risk::medium, k_exit_findings},
      {Risk::high, false, Risk::critical, k_exit_ok},
      {Risk::high, true, Risk::critical, k_exit_incomplete},
      {Risk::critical, true, Risk::critical, k_exit_findings},
  };
  for (const Row& row : table) {
    INFO(to_string(row.highest) << " incomplete=" << row.incomplete << " fail-on "
                                << to_string(row.fail_on));
    CHECK(exit_code({row.highest, row.incomplete}, row.fail_on) == row.code);
    CHECK(fails(row.highest, row.fail_on) == (row.code == k_exit_findings));
  }
  CHECK(k_default_fail_on == Risk::high);
  CHECK(exit_code({}, k_default_fail_on) == k_exit_ok);
  CHECK(k_exit_usage == 2);
}

TEST_CASE("a risk database that did not record the run makes the exit code 3", "[exit_code]") {
  RunOutcome outcome;
  outcome.database_failed = true;
  CHECK(exit_code(outcome, Risk::high) == k_exit_incomplete);
  outcome.highest = Risk::high;  // a failing package still outranks it
  CHECK(exit_code(outcome, Risk::high) == k_exit_findings);
  outcome.highest = Risk::medium;
  outcome.incomplete = true;
  CHECK(exit_code(outcome, Risk::high) == k_exit_incomplete);
}
