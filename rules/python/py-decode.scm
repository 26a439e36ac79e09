; id: py-decode
; languages: python
; capability: -
; severity: none
; tags: decode
; needles: b64decode(), b32decode(), b16decode(), a85decode(), decodebytes(), urlsafe_b64decode(), decompress(), marshal, fromhex(), unhexlify(), a2b_base64(), codecs, decrypt()
; message: Decodes, decompresses or decrypts data (base64, zlib, marshal, Fernet); a signal for
; message: decode-then-run threats.

((call function: (_) @path.fn) @match
 (#match? @path.fn "^(base64\\.(b64decode|b32decode|b16decode|a85decode|decodebytes|urlsafe_b64decode)|zlib\\.decompress|gzip\\.decompress|lzma\\.decompress|bz2\\.decompress|marshal\\.loads|bytes\\.fromhex|binascii\\.(unhexlify|a2b_base64)|codecs\\.decode)$"))

((call function: (attribute attribute: (identifier) @raw.m)) @match
 (#eq? @raw.m "decrypt"))
