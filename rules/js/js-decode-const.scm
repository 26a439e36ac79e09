; id: js-decode-const
; languages: javascript typescript tsx
; capability: -
; severity: none
; tags: decode-const
; needles: q:base64, q:hex, q:base64url, atob(), fromCharCode()
; message: Decodes a constant: a base64/hex literal, atob of a literal, String.fromCharCode of
; message: several numbers. The text is hidden from a reader on purpose; a signal for threats
; message: such as a wiper whose paths and targets are encoded.
; note: decoding runtime data (a downloaded archive, a source map, a character code in a loop)
; note: is js-decode only; that is what parsers and installers do all day.

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (_) @str.data (_) @str.enc)) @match
 (#eq? @path.fn "Buffer.from")
 (#any-of? @str.enc "base64" "hex" "base64url")
 (#const? @str.data))

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (_) @str.data .)) @match
 (#eq? @path.fn "atob")
 (#const? @str.data))

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (number) . (number))) @match
 (#eq? @path.fn "String.fromCharCode"))
