#!/usr/bin/env python3
"""Makes the base of a version-bump benchmark: HEAD (a package-lock.json) with COUNT packages
set back to the older version of the same major that an older lockfile (OLDER) locks them at, entry for entry (version,
resolved, integrity), so that scanning the result then HEAD is a bump of COUNT packages whose
archives are both in the archive cache.  Packages are taken evenly from the sorted candidates.
    make_bump_lockfile.py HEAD OLDER COUNT OUT"""
import json, sys

head_path, older_path, count, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
head = json.load(open(head_path))
older = json.load(open(older_path))["packages"]


def name_of(path):
    return path.rsplit("node_modules/", 1)[-1]


older_by_name = {}
for path, entry in older.items():
    if "node_modules/" in path and "integrity" in entry:
        older_by_name.setdefault(name_of(path), entry)
def release(version):
    try:
        return tuple(int(part) for part in version.split("-")[0].split("."))
    except ValueError:
        return None


def is_bump(older_version, version):
    """The same major version, older before: what a routine update brings."""
    a, b = release(older_version), release(version)
    return a is not None and b is not None and a[0] == b[0] and a < b


candidates = sorted(
    path for path, entry in head["packages"].items()
    if "node_modules/" in path and "integrity" in entry and name_of(path) in older_by_name
    and is_bump(older_by_name[name_of(path)]["version"], entry["version"]))
step = max(1, len(candidates) // max(count, 1))
for path in candidates[::step][:count]:
    entry, back = head["packages"][path], older_by_name[name_of(path)]
    print(f"{name_of(path)}: {back['version']} -> {entry['version']}", file=sys.stderr)
    for field in ("version", "resolved", "integrity"):
        entry[field] = back[field]
json.dump(head, open(out, "w"), indent=2)
