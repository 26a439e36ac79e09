# ruleid: py-fs-write
with open(target, 'wb') as f: f.write(data)

import os
# ruleid: py-fs-write
os.chmod(target, 0o755)

# ok: py-fs-write
with open(path) as f: f.read()

# ok: py-fs-write
open(path, 'r')

import requests
r = requests.get(url)
# ruleid: py-fs-write
open(target, 'wb').write(r.content)

# ruleid: py-fs-write
with open(target, mode='wb') as out:
    out.write(data)

import pathlib
# ruleid: py-fs-write
pathlib.Path(target).write_bytes(blob)

import shutil
# ruleid: py-fs-write
shutil.move(src, dst)

from urllib.request import urlretrieve
# ruleid: py-fs-write
urlretrieve(url, target)

# ok: py-fs-write
with open(target, mode='rb') as f:
    body = f.read()

import tempfile
# ruleid: py-fs-write
kept = tempfile.NamedTemporaryFile(suffix='.bat', delete=False)

from tempfile import mkstemp
# ruleid: py-fs-write
fd, path = mkstemp()

import tempfile
# ok: py-fs-write
scratch = tempfile.NamedTemporaryFile()
