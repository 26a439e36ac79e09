#!/usr/bin/env python3
"""Compares two JSON scan reports of the same lockfile: findings present in one and not the
other (by package, rule, file, line and message), their rate against the reference's findings,
and the packages whose risk level differs.  bench_compare.py REFERENCE OTHER LABEL"""
import collections, json, sys


def load(path):
    packages = {}
    for p in json.load(open(path))["packages"]:
        key = (p["ecosystem"], p["name"], p["version"])
        found = collections.Counter(
            (f["rule"], f["file"], f["line"], f["severity"], f["message"]) for f in p["findings"])
        packages[key] = (p["risk"], found)
    return packages


reference, other, label = load(sys.argv[1]), load(sys.argv[2]), sys.argv[3]
total = sum(sum(found.values()) for _, found in reference.values())
differ, risk_differ, rules = 0, [], collections.Counter()
for key in reference.keys() | other.keys():
    risk_a, found_a = reference.get(key, ("missing", collections.Counter()))
    risk_b, found_b = other.get(key, ("missing", collections.Counter()))
    delta = (found_a - found_b) + (found_b - found_a)
    differ += sum(delta.values())
    for (rule, *_), n in delta.items():
        rules[rule] += n
    if risk_a != risk_b:
        risk_differ.append(f"{key[1]}@{key[2]} {risk_a} -> {risk_b}")
rate = 100.0 * differ / total if total else 0.0
print(f"{label}: {len(reference)} packages, {total} findings; {differ} differ ({rate:.2f}%), "
      f"{len(risk_differ)} packages with another risk level")
for rule, n in rules.most_common(8):
    print(f"  {n:6d}  {rule}")
for line in risk_differ[:10]:
    print(f"  {line}")
