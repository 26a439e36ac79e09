#!/usr/bin/env bash
# Builds rules/data/popular-npm.txt and rules/data/popular-pypi.txt, the reference lists of the
# typosquat check, from public popularity data, and writes the source and date into each header.
#
#   ci/popular/build.sh [--count N] [--out DIR] [--pypi-source PATH] [--npm-high-impact VERSION]
#
# npm: the configured registry (npm_config_registry, else `npm config get registry`; never a
# built-in host) is asked first for its search endpoint, sorted by popularity
# (/-/v1/search?text=...&popularity=1.0&size=250&from=N). A registry without search (a mirror or
# proxy answers 404) gives way to the npm package npm-high-impact, fetched with `npm pack`
# through the same configuration: its lib/top-download.js lists packages by weekly downloads.
#
# PyPI: PyPI publishes no ranking; PATH is a copy of the hugovk/top-pypi-packages dataset (monthly
# download counts from PyPI's public BigQuery data): its top-pypi-packages.min.json, a checkout,
# or a bare git directory of it. Names are written PEP 503-normalised, most downloaded first.
set -euo pipefail
cd "$(dirname "$0")/../.."

count=5000
out=rules/data
pypi_source=${TOP_PYPI_PACKAGES:-}
nhi_version=1.13.0
while (($#)); do
  case $1 in
    --count) count=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --pypi-source) pypi_source=$2; shift 2 ;;
    --npm-high-impact) nhi_version=$2; shift 2 ;;
    *) echo "usage: $0 [--count N] [--out DIR] [--pypi-source PATH] [--npm-high-impact VERSION]" >&2
       exit 2 ;;
  esac
done
today=$(date -u +%Y-%m-%d)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

registry=${npm_config_registry:-$(npm config get registry 2>/dev/null || true)}
registry=${registry%/}
if [[ -z $registry || $registry == undefined ]]; then
  echo "$0: no npm registry configured (npm config get registry)" >&2
  exit 2
fi

# npm search, a page of 250 at a time, sorted by the popularity score alone.
npm_from_search() {
  local from=0 text=${NPM_SEARCH_TEXT:-keywords:javascript}
  : >"$work/npm-search.txt"
  while (($(wc -l <"$work/npm-search.txt") < count)); do
    curl -fsS --max-time 60 \
      "$registry/-/v1/search?text=$text&popularity=1.0&quality=0.0&maintenance=0.0&size=250&from=$from" \
      >"$work/page.json" || return 1
    python3 - "$work/page.json" >>"$work/npm-search.txt" <<'PY' || return 1
import json, sys
objects = json.load(open(sys.argv[1])).get("objects", [])
if not objects:
    sys.exit(1)
for o in objects:
    print(o["package"]["name"])
PY
    from=$((from + 250))
  done
  awk '!seen[$0]++' "$work/npm-search.txt" | head -n "$count" >"$work/npm.txt"
  npm_source="the configured npm registry's search (/-/v1/search?text=$text, popularity=1.0), pages of 250"
}

npm_from_high_impact() {
  (cd "$work" && npm pack --silent "npm-high-impact@$nhi_version" >/dev/null)
  tar -xzf "$work/npm-high-impact-$nhi_version.tgz" -C "$work" package/lib/top-download.js
  python3 - "$work/package/lib/top-download.js" "$count" >"$work/npm.txt" <<'PY'
import re, sys
names = re.findall(r"^\s*'([^']+)',?\s*$", open(sys.argv[1]).read(), re.M)
seen = []
for n in names:
    if n not in seen:
        seen.append(n)
print("\n".join(seen[: int(sys.argv[2])]))
PY
  npm_source="the npm package npm-high-impact@$nhi_version (MIT, Titus Wormer), lib/top-download.js (weekly npm downloads), fetched with npm pack through the configured registry"
}

if npm_from_search 2>/dev/null; then
  :
else
  echo "$0: the configured registry has no search endpoint; using npm-high-impact@$nhi_version" >&2
  npm_from_high_impact
fi
{
  echo "# Popular npm package names: the reference list for typosquat checks (rules/README.md)."
  echo "# Source: $npm_source;"
  echo "# top $(wc -l <"$work/npm.txt") names in popularity order. Built by ci/popular/build.sh on $today."
  cat "$work/npm.txt"
} >"$out/popular-npm.txt"
echo "$out/popular-npm.txt: $(wc -l <"$work/npm.txt") names"

if [[ -z $pypi_source ]]; then
  echo "$0: --pypi-source PATH (hugovk/top-pypi-packages) not given; popular-pypi.txt kept" >&2
  exit 0
fi
if [[ -f $pypi_source ]]; then
  cp "$pypi_source" "$work/top.json"
  revision="file $(basename "$pypi_source")"
elif [[ -d $pypi_source/.git || -f $pypi_source/HEAD ]]; then
  git_dir=$pypi_source
  [[ -d $pypi_source/.git ]] && git_dir=$pypi_source/.git
  git --git-dir="$git_dir" show HEAD:top-pypi-packages.min.json >"$work/top.json"
  revision="commit $(git --git-dir="$git_dir" rev-parse --short=12 HEAD)"
else
  cp "$pypi_source/top-pypi-packages.min.json" "$work/top.json"
  revision="checkout $pypi_source"
fi
python3 - "$work/top.json" "$count" "$revision" "$today" >"$out/popular-pypi.txt" <<'PY'
import json, re, sys
doc = json.load(open(sys.argv[1]))
rows = sorted(doc["rows"], key=lambda r: -r["download_count"])
names = []
for r in rows:
    n = re.sub(r"[-_.]+", "-", r["project"]).lower()
    if n not in names:
        names.append(n)
names = names[: int(sys.argv[2])]
print("# Popular PyPI project names: the reference list for typosquat checks (rules/README.md).")
print("# Source: hugovk/top-pypi-packages, top-pypi-packages.min.json (%s; downloads over the"
      % sys.argv[3])
print("# 30 days to %s, from PyPI's public download statistics); PEP 503 names."
      % doc.get("last_update", "?"))
print("# Top %d names by download count. Built by ci/popular/build.sh on %s." % (len(names), sys.argv[4]))
print("\n".join(names))
PY
echo "$out/popular-pypi.txt: $(grep -vc '^#' "$out/popular-pypi.txt") names"
