import base64
# ruleid: py-decode-exec
exec(base64.b64decode('cHJpbnQoMSk='))

import zlib, base64
# ruleid: py-decode-exec
exec(zlib.decompress(base64.b64decode(blob)))

from base64 import b32decode as d
payload = d(text).decode()
# ruleid: py-decode-exec
exec(payload)

import marshal
# ruleid: py-decode-exec
exec(marshal.loads(data))

import codecs
# ruleid: py-decode-exec
eval(codecs.decode(hidden, 'rot13'))

# ruleid: py-decode-exec
exec(bytes.fromhex(hexed).decode())

# ruleid: py-decode-exec
exec(''.join(chr(c ^ 7) for c in numbers))

import base64
# ruleid: py-decode-exec
code = compile(base64.b85decode(packed), '<x>', 'exec')

from cryptography.fernet import Fernet
# ruleid: py-decode-exec
exec(Fernet(key).decrypt(token))

# ok: py-decode-exec
exec(open('script.py').read())

import json
# ok: py-decode-exec
result = eval(expr, {'__builtins__': {}})

# ruleid: py-decode-exec
ev = eval("\145\166\141\x6c")

# ruleid: py-decode-exec
exec('\x70\x72\x69\x6e\x74\x28\x31\x29')

# ok: py-decode-exec
eval("1 + 2")

# ok: py-decode-exec
exec("print('a\x41b')")

# ok: py-decode-exec
eval('\x41')
