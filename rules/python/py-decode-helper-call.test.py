import os
# ruleid: py-decode-helper-call
os.system(unpack("ZWNobyBoZWxsbyB3b3JsZAo="))

# ruleid: py-decode-helper-call
exec(d('cHJpbnQoImhlbGxvIik='))

import os
# ok: py-decode-helper-call
os.system(quote("echo hello world"))

# ok: py-decode-helper-call
exec(load(path))
