#!/usr/bin/env bash
# Benchmark (not a test) of one lockfile from a warm archive cache, offline, all from one run:
#   unpack-only      decompress and read every archive of the lockfile (engine_bench), the floor
#   scan             `tarsier scan --no-db`: lexical pre-filter, region analysis of large files
#   full-parse       the same with --full-parse: every source file parsed whole, the reference
#   db-fill          a scan into a new risk database (stores package and file results)
#   db-warm          the same lockfile again: every package answered by the database
#   bump-base        the base lockfile into a new database
#   bump             then the head lockfile (a few versions bumped) into it: new archives, most
#                    of their files answered by the file-level result cache; its baseline is
#                    db-fill (the head lockfile into a new database), and its report must equal
#                    db-fill's
# Prints wall time and peak RSS of each run, the ratios, and how the scan's findings differ from
# --full-parse (findings present in one report and not the other, their rate, and the packages
# whose risk level differs).
#
#   tests/bench/rescan_bench.sh HEAD_LOCK [BASE_LOCK] [build-dir] [cache-dir]
# HEAD_LOCK and BASE_LOCK are lockfiles whose archives are in the archive cache (default
# ~/.cache/tarsier); BASE_LOCK is the same project before the bump (make_bump_lockfile.py makes
# one from a package-lock.json and an older one). Without BASE_LOCK the bump lines are skipped.
set -euo pipefail
head_lock=$(realpath "$1")
base_lock=${2:+$(realpath "$2")}
build=$(realpath "${3:-build}")
cache=${4:-$HOME/.cache/tarsier}
tarsier=$build/tarsier
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

label_width=14
# shellcheck source=measure.sh
source "$(dirname "$(realpath "$0")")/measure.sh"

scan=(scan --quiet --offline --cache-dir "$cache" --format json)
echo "lockfile: $head_lock"
printf '%-14s %10s %11s\n' run wall "peak RSS"
measure scan "$tarsier" "${scan[@]}" --no-db -o "$work/scan.json" "$head_lock"
python3 "$here/bench_archives.py" "$work/scan.json" "$cache" "$work/archives"
measure unpack-only "$build/tests/engine_bench" "$work/archives" --mode unpack-only
measure full-parse "$tarsier" "${scan[@]}" --no-db --full-parse -o "$work/full.json" "$head_lock"
measure db-fill "$tarsier" "${scan[@]}" --db "$work/fill.db" -o "$work/fill.json" "$head_lock"
measure db-warm "$tarsier" "${scan[@]}" --db "$work/fill.db" -o "$work/warm.json" "$head_lock"
if [[ -n $base_lock ]]; then
  measure bump-base "$tarsier" "${scan[@]}" --db "$work/bump.db" -o "$work/base.json" "$base_lock"
  measure bump "$tarsier" "${scan[@]}" --db "$work/bump.db" -o "$work/bump.json" "$head_lock"
fi
echo "scan / unpack-only: $(ratio scan unpack-only)"
echo "scan / full-parse: $(ratio scan full-parse)"
echo "db-fill / scan: $(ratio db-fill scan)"
echo "db-warm / scan: $(ratio db-warm scan)"
if [[ -n $base_lock ]]; then
  echo "bump / db-fill: $(ratio bump db-fill)"
  python3 "$here/bench_compare.py" "$work/fill.json" "$work/bump.json" "bump vs db-fill"
fi
python3 "$here/bench_compare.py" "$work/full.json" "$work/scan.json" "scan vs full-parse"
