import base64
# ruleid: py-decode-helper
def unpack(text):
    raw = base64.b64decode(text.encode())
    return raw.decode()

import base64
# ruleid: py-decode-helper
def unpack(text):
    return base64.b64decode(text).decode('utf-8')

import json
# ok: py-decode-helper
def parse(text):
    return json.loads(text)
