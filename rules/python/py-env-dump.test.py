import os, json
# ruleid: py-env-dump
body = json.dumps(dict(os.environ))

# ruleid: py-env-dump
for k, v in os.environ.items(): send(k, v)

# ok: py-env-dump
home = os.environ.get('HOME')
