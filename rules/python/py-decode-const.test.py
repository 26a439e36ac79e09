import base64
# ruleid: py-decode-const
cmd = base64.b64decode('ZWNobyBoaWRkZW4=').decode()

ENCODED = "ZWNobyBoaWRkZW4="
# ruleid: py-decode-const
text = base64.b64decode(ENCODED)

# ruleid: py-decode-const
raw = bytes.fromhex('6563686f')

# ok: py-decode-const
body = base64.b64decode(response.content)

def d(s):
    # ok: py-decode-const
    return base64.b64decode(s.encode())
