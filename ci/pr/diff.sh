#!/usr/bin/env bash
# The pull-request check: compares a lockfile at a base revision with the working tree and
# writes every report a review needs. ci/action.yml and ci/examples/gitlab-ci.yml run exactly
# this; tests/ci/pr_scripts_test.cpp runs it on a throwaway repository.
#
#   ci/pr/diff.sh BASE_REF [LOCKFILE_OR_DIR]
#
# Environment (all optional):
#   TARSIER       the tarsier binary (default: build/tarsier of this checkout)
#   OUT_DIR       report folder (default: tarsier-report)
#   FAIL_ON       fail when a change adds risk at or above this level (default: high)
#   SARIF_LEVEL   lowest severity listed in the SARIF file (default: low)
#   TARSIER_ARGS  extra arguments for `tarsier diff`, split on spaces (e.g. "--registry URL")
#   REPORT_URL    where the full report is published (the comment points there)
#
# Writes OUT_DIR/diff.txt (also printed), diff.json, tarsier.sarif, comment.md and exit-code,
# then exits with tarsier's exit code: 0 nothing at or above FAIL_ON, 1 something is, 2 usage or
# configuration error, 3 some package could not be checked.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
base_ref="${1:?usage: ci/pr/diff.sh BASE_REF [LOCKFILE_OR_DIR]}"
target="${2:-.}"
tarsier="${TARSIER:-$here/../../build/tarsier}"
out="${OUT_DIR:-tarsier-report}"
mkdir -p "$out"

extra=()
if [[ -n "${TARSIER_ARGS:-}" ]]; then
  read -r -a extra <<<"$TARSIER_ARGS"
fi
if [[ -n "${REPORT_URL:-}" ]]; then
  extra+=(--report-url "$REPORT_URL")
fi

"$tarsier" diff --quiet --base-ref "$base_ref" "$target" \
  --fail-on "${FAIL_ON:-high}" --sarif-level "${SARIF_LEVEL:-low}" \
  --format text --output "$out/diff.txt" \
  --json-output "$out/diff.json" \
  --sarif-output "$out/tarsier.sarif" \
  --markdown-output "$out/comment.md" \
  "${extra[@]}"
code=$?
echo "$code" >"$out/exit-code"
[[ -f "$out/diff.txt" ]] && cat "$out/diff.txt"
exit "$code"
