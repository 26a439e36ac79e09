; id: py-decode-helper
; languages: python
; capability: -
; severity: none
; tags: decode-helper
; needles: b64decode(), b32decode(), b16decode(), a85decode(), b85decode(), decodebytes(), urlsafe_b64decode(), fromhex(), unhexlify(), a2b_base64(), decompress()
; message: A function whose own body decodes (base64, base32, base85, hex, zlib) and hands the
; message: result back: a decoding helper; a signal for threats (py-decode-helper-call).
; note: the decoding statement must sit directly in the function's body (assigned or returned).

((function_definition body: (block [(expression_statement (assignment right: (call function: (_) @path.fn)))
                                    (expression_statement (assignment right: (call function: (attribute object: (call function: (_) @path.fn)))))
                                    (return_statement (call function: (_) @path.fn))
                                    (return_statement (call function: (attribute object: (call function: (_) @path.fn))))])) @match
 (#match? @path.fn "^(base64\\.(b64decode|b32decode|b16decode|a85decode|b85decode|decodebytes|urlsafe_b64decode)|bytes\\.fromhex|binascii\\.(unhexlify|a2b_base64)|zlib\\.decompress)$"))
