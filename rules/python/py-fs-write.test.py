# ruleid: py-fs-write
with open(target, 'wb') as f: f.write(data)

import os
# ruleid: py-fs-write
os.chmod(target, 0o755)

# ok: py-fs-write
with open(path) as f: f.read()

# ok: py-fs-write
open(path, 'r')
