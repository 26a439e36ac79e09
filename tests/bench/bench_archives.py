#!/usr/bin/env python3
"""Links the cached archive of every package of a JSON scan report into a directory as .tgz,
for engine_bench's unpack-only floor.  bench_archives.py REPORT CACHE_DIR OUT_DIR"""
import base64, json, os, sys

report, cache, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
for package in json.load(open(report))["packages"]:
    for token in (package.get("integrity") or "").split():
        algorithm, _, digest = token.partition("-")
        try:
            hexa = base64.b64decode(digest).hex()
        except ValueError:
            continue
        path = os.path.join(cache, algorithm, hexa[:2], hexa)
        if os.path.exists(path):
            link = os.path.join(out, hexa[:32] + ".tgz")
            if not os.path.exists(link):
                os.symlink(path, link)
            break
