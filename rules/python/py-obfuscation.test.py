# ruleid: py-obfuscation
fn = getattr(__builtins__, oct.__str__()[-3] + hex.__str__()[-1])

# ruleid: py-obfuscation
mod = __import__(''.join(reversed(name)))

# ruleid: py-obfuscation
text = ''.join(chr(c - 3) for c in codes)

# ruleid: py-obfuscation
変数 = 1

# ruleid: py-obfuscation
while state:
    if state == 4021:
        state = 0

# ok: py-obfuscation
handler = getattr(module, name)

# ok: py-obfuscation
letter = chr(code)

# ok: py-obfuscation
while running:
    if count == 3:
        running = False
