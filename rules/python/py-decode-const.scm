; id: py-decode-const
; languages: python
; capability: -
; severity: none
; tags: decode-const
; needles: b64decode(), b32decode(), b16decode(), a85decode(), b85decode(), decodebytes(), urlsafe_b64decode(), fromhex(), unhexlify(), a2b_base64()
; message: Decodes a constant written in the code (a base64/base32/base85/hex literal, or a name
; message: bound to one): the text is hidden from a reader on purpose; a signal for threats.
; note: decoding run-time data (a download, a file, a function's argument) is py-decode only;
; note: installers and parsers do that all day.

((call function: (_) @path.fn arguments: (argument_list . (_) @str.data)) @match
 (#match? @path.fn "^(base64\\.(b64decode|b32decode|b16decode|a85decode|b85decode|decodebytes|urlsafe_b64decode)|bytes\\.fromhex|binascii\\.(unhexlify|a2b_base64))$")
 (#const? @str.data))
