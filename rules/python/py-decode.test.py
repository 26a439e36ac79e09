import base64
# ruleid: py-decode
code = base64.b64decode(blob)

from cryptography.fernet import Fernet
# ruleid: py-decode
stage = Fernet(key).decrypt(token)

import marshal
# ruleid: py-decode
obj = marshal.loads(data)

# ok: py-decode
text = raw.decode('utf-8')
