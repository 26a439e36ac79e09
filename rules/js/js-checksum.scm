; id: js-checksum
; languages: javascript typescript tsx
; capability: -
; severity: none
; tags: checksum
; needles: createHash()
; message: Computes a SHA-2 digest, as installers do to verify what they downloaded.

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (_) @str.algo)) @match
 (#eq? @path.fn "crypto.createHash")
 (#match? @str.algo "^(sha256|sha384|sha512)$"))
