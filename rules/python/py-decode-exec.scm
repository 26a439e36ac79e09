; id: py-decode-exec
; languages: python
; capability: eval
; severity: medium
; tags: decode-exec, decode, eval
; needles: exec(), eval(), compile(), __import__(), FunctionType(), execfile()
; message: Decodes data (base64, base32/85, hex, zlib, marshal, rot13, Fernet, chr() joins) and
; message: runs the result as code: a hidden payload.
; note: the argument either is a decoder call (`exec(zlib.decompress(base64.b64decode(b)))`, its
; note: value's path ends in "()") or a name bound to one (`c = b64decode(s); exec(c)`); the
; note: second pattern reads the argument's text for decoders nested deeper; the third takes a
; note: literal written only in escape sequences (`eval("\\145\\166\\141\\154")`): code encoded so a
; note: reader cannot see it.

((call function: (_) @path.fn arguments: (argument_list . (_) @path.arg)) @match
 (#any-of? @path.fn "exec" "eval" "compile" "__import__" "types.FunctionType" "execfile")
 (#match? @path.arg "^(base64\\.(b64decode|b32decode|b16decode|b85decode|a85decode|decodebytes|urlsafe_b64decode|standard_b64decode)|zlib\\.decompress|gzip\\.decompress|lzma\\.decompress|bz2\\.decompress|marshal\\.loads|bytes\\.fromhex|binascii\\.(unhexlify|a2b_base64|a2b_hex)|codecs\\.decode)\\(\\)|\\.decrypt\\(\\)"))

((call function: (_) @path.fn arguments: (argument_list . (_) @raw.arg)) @match
 (#any-of? @path.fn "exec" "eval" "compile" "__import__" "types.FunctionType" "execfile")
 (#match? @raw.arg "(b64decode|b32decode|b85decode|a85decode|b16decode|decodebytes|decompress|marshal\\.loads|fromhex|unhexlify|a2b_base64|rot13|rot_13|decrypt|chr\\(|\\[::-1\\])"))

((call function: (_) @path.fn arguments: (argument_list . (string) @raw.arg)) @match
 (#any-of? @path.fn "exec" "eval" "compile")
 (#match? @raw.arg "^[bBuU]?[\"'](\\\\([0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})){3,}[\"']$"))
