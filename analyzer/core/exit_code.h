// The gate: which risk fails a run (--fail-on, its one default) and the one function that turns a
// run's verdicts and errors into the process exit code. scan, diff and watch --once all call it.
#pragma once

#include "analyzer/core/risk.h"

namespace tarsier {

// Exit codes shared by every command.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_findings = 1;    // something is at or above --fail-on
inline constexpr int k_exit_usage = 2;       // bad options, inputs or configuration
inline constexpr int k_exit_incomplete = 3;  // something could not be examined

// --fail-on when neither the command line nor the policy file names a level.
inline constexpr Risk k_default_fail_on = Risk::high;

// True when a verdict of `risk` fails a run gated at `fail_on`.
constexpr bool fails(Risk risk, Risk fail_on) {
  return risk >= fail_on;
}

// What a run found, as far as the exit code cares.
struct RunOutcome {
  Risk highest = Risk::none;     // the highest verdict that counts (a diff: the risk a change adds)
  bool incomplete = false;       // an input or a package could not be read, fetched or analysed
  bool database_failed = false;  // the risk database could not be opened or did not record the run
};

// k_exit_findings when `highest` fails the gate (a failing package outranks an incomplete run),
// else k_exit_incomplete when something was not examined or not recorded, else k_exit_ok.
constexpr int exit_code(const RunOutcome& outcome, Risk fail_on) {
  if (fails(outcome.highest, fail_on)) {
    return k_exit_findings;
  }
  return outcome.incomplete || outcome.database_failed ? k_exit_incomplete : k_exit_ok;
}

}  // namespace tarsier
