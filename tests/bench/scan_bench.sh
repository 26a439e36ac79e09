#!/usr/bin/env bash
# Benchmark (not a test): cold and warm `tarsier scan` of a real lockfile against the registry in
# the user's npm configuration, with `npm ci --ignore-scripts` from an empty npm cache as the
# baseline in the same run: download only (`tarsier fetch`), full scans from a cold and a warm
# archive cache, and re-scans served from a warm risk database. Prints wall times, peak RSS and
# ratios.
#
#   tests/bench/scan_bench.sh path/to/package-lock.json [build/tarsier]
#   SKIP_NPM=1 tests/bench/scan_bench.sh ...   (without the npm baseline)
set -euo pipefail
lock=$(realpath "$1")
tarsier=$(realpath "${2:-build/tarsier}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

label_width=34
# shellcheck source=measure.sh
source "$(dirname "$(realpath "$0")")/measure.sh"

packages=$(grep -c '"node_modules/' "$lock" || true)
echo "lockfile: $lock ($packages entries)"
printf '%-34s %10s %11s\n' "run" "wall" "peak RSS"

if [[ -z ${SKIP_NPM:-} ]]; then
mkdir -p "$work/npm-project"
cp "$lock" "$work/npm-project/package-lock.json"
cp "$(dirname "$lock")/package.json" "$work/npm-project/package.json"
measure npm-ci-cold env npm_config_cache="$work/npm-cache" \
  npm ci --ignore-scripts --no-audit --no-fund --prefix "$work/npm-project"
fi

measure tarsier-fetch-cold "$tarsier" fetch --quiet --cache-dir "$work/fetch-cache" "$lock"
common=(scan --quiet --no-db --cache-dir "$work/cache" --format json -o "$work/report.json" "$lock")
measure tarsier-cold "$tarsier" "${common[@]}"
measure tarsier-warm "$tarsier" "${common[@]}"
measure tarsier-warm-full-parse "$tarsier" "${common[@]}" --full-parse
# The registry is passed explicitly so that the figures do not include running `npm config`.
registry=$(npm config get registry)
db=(scan --quiet --db "$work/risk.db" --cache-dir "$work/cache" --registry "$registry" "$lock")
measure tarsier-db-fill "$tarsier" "${db[@]}" --format json -o "$work/report.json"
measure tarsier-db-warm-json "$tarsier" "${db[@]}" --format json -o "$work/report.json"
measure tarsier-db-warm-text "$tarsier" "${db[@]}" -o "$work/report.txt"

if [[ -f $work/npm-ci-cold.wall ]]; then
  echo "tarsier fetch cold / npm ci cold: $(ratio tarsier-fetch-cold npm-ci-cold)"
  echo "tarsier cold / npm ci cold: $(ratio tarsier-cold npm-ci-cold)"
fi
echo "tarsier warm / tarsier cold: $(ratio tarsier-warm tarsier-cold)"
echo "full-parse warm / warm: $(ratio tarsier-warm-full-parse tarsier-warm)"
echo "db warm (json) / warm: $(ratio tarsier-db-warm-json tarsier-warm)"
