#!/usr/bin/env bash
# Makes the lockfiles for build/tests/lockfile_bench in OUT (default /tmp/lockfile-bench):
# npm, pnpm 9, bun, Yarn classic and Berry lockfiles of one ~800-package dependency set,
# written by the real tools (needs the npm registry configured for npm; nothing is installed,
# no package script runs), and Python lockfiles of 2000 synthetic packages in each format's
# published layout (no Python package index is reachable from CI machines).
set -euo pipefail
out=${1:-/tmp/lockfile-bench}
registry=$(npm config get registry)
mkdir -p "$out"
manifest='{ "name": "big", "version": "1.0.0", "dependencies": {
  "webpack": "5.91.0", "jest": "29.7.0", "eslint": "8.57.0", "@babel/core": "7.24.0",
  "@babel/preset-env": "7.24.0", "typescript": "5.4.2", "react": "18.2.0", "react-dom": "18.2.0",
  "express": "4.19.2", "lodash": "4.17.21", "axios": "1.6.8", "rollup": "4.13.0",
  "prettier": "3.2.5", "mocha": "10.3.0", "sass": "1.72.0", "postcss": "8.4.38",
  "webpack-dev-server": "5.0.4", "ts-node": "10.9.2", "nodemon": "3.1.0", "chalk": "4.1.2" } }'
for tool in npm pnpm yarn1 berry bun; do mkdir -p "$out/$tool"; echo "$manifest" > "$out/$tool/package.json"; done
(cd "$out/npm" && npm_config_omit_lockfile_registry_resolved=false \
  npm install --package-lock-only --ignore-scripts >/dev/null)
(cd "$out/pnpm" && npx --yes pnpm@9 install --lockfile-only --ignore-scripts --registry "$registry" >/dev/null)
(cd "$out/yarn1" && npx --yes yarn@1 install --ignore-scripts --registry "$registry" --non-interactive >/dev/null)
(cd "$out/berry" && printf 'npmRegistryServer: "%s"\nenableTelemetry: false\n' "${registry%/}" > .yarnrc.yml &&
  touch yarn.lock && npx --yes @yarnpkg/cli-dist@4 install --mode=update-lockfile >/dev/null)
# Bun from its npm platform package (linux x64), run without installing it globally.
npm install --prefix "$out/bun-tool" --ignore-scripts --no-save @oven/bun-linux-x64 >/dev/null
(cd "$out/bun" && NPM_CONFIG_REGISTRY=$registry \
  "$out/bun-tool/node_modules/@oven/bun-linux-x64/bin/bun" install --lockfile-only --ignore-scripts >/dev/null)
python3 - "$out" <<'PY'
import hashlib, json, os, sys
out = sys.argv[1]
os.makedirs(f"{out}/python", exist_ok=True)
h = lambda s: hashlib.sha256(s.encode()).hexdigest()
names = [f"package-{i}" for i in range(2000)]
def w(name, text):
    open(f"{out}/python/{name}", "w").write(text)
w("requirements.txt", "".join(f"{n}==1.{i}.0 \\\n    --hash=sha256:{h(n)} \\\n    --hash=sha256:{h(n+'s')}\n" for i, n in enumerate(names)))
w("Pipfile.lock", json.dumps({"_meta": {"pipfile-spec": 6}, "default": {n: {"hashes": [f"sha256:{h(n)}", f"sha256:{h(n+'s')}"], "index": "pypi", "version": f"==1.{i}.0"} for i, n in enumerate(names)}, "develop": {}}, indent=4))
files = lambda n: f'files = [\n    {{file = "{n}-1.0-py3-none-any.whl", hash = "sha256:{h(n)}"}},\n    {{file = "{n}-1.0.tar.gz", hash = "sha256:{h(n+"s")}"}},\n]\n'
w("poetry.lock", "".join(f'[[package]]\nname = "{n}"\nversion = "1.{i}.0"\ndescription = "x"\noptional = false\npython-versions = ">=3.8"\ngroups = ["main"]\n{files(n)}\n' for i, n in enumerate(names)) + '[metadata]\nlock-version = "2.1"\npython-versions = ">=3.8"\ncontent-hash = "x"\n')
w("pdm.lock", '[metadata]\ngroups = ["default"]\nlock_version = "4.5.0"\n\n' + "".join(f'[[package]]\nname = "{n}"\nversion = "1.{i}.0"\nsummary = "x"\ngroups = ["default"]\n{files(n)}\n' for i, n in enumerate(names)))
w("uv.lock", 'version = 1\nrequires-python = ">=3.9"\n\n' + "".join(f'[[package]]\nname = "{n}"\nversion = "1.{i}.0"\nsource = {{ registry = "https://pypi.example.test/simple" }}\nsdist = {{ url = "https://files.example.test/{n}-1.0.tar.gz", hash = "sha256:{h(n+"s")}", size = 1000 }}\nwheels = [\n    {{ url = "https://files.example.test/{n}-1.0-py3-none-any.whl", hash = "sha256:{h(n)}", size = 1000 }},\n]\n\n' for i, n in enumerate(names)))
w("pylock.toml", 'lock-version = "1.0"\ncreated-by = "bench"\n\n' + "".join(f'[[packages]]\nname = "{n}"\nversion = "1.{i}.0"\nindex = "https://pypi.example.test/simple"\n\n[[packages.wheels]]\nname = "{n}-1.0-py3-none-any.whl"\nurl = "https://files.example.test/{n}-1.0-py3-none-any.whl"\nhashes = {{sha256 = "{h(n)}"}}\n\n' for i, n in enumerate(names)))
PY
echo "lockfiles in $out"
