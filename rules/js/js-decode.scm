; id: js-decode
; languages: javascript typescript tsx
; capability: -
; severity: none
; tags: decode
; needles: q:base64, q:hex, q:base64url, atob(), fromCharCode(), createDecipher(), createDecipheriv(), privateDecrypt(), inflate(), inflateSync(), inflateRaw(), inflateRawSync(), gunzip(), gunzipSync(), unzip(), unzipSync(), brotliDecompress(), brotliDecompressSync()
; message: Decodes or decrypts data (base64/hex Buffer, atob, createDecipher, zlib inflate,
; message: String.fromCharCode); a signal for decode-then-run threats.

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (_) (_) @str.enc)) @match
 (#eq? @path.fn "Buffer.from")
 (#any-of? @str.enc "base64" "hex" "base64url"))

((call_expression function: (_) @path.fn) @match
 (#match? @path.fn "^(atob|String\\.fromCharCode|crypto\\.(createDecipher|createDecipheriv|privateDecrypt)|zlib\\.(inflate|inflateSync|gunzip|gunzipSync|unzip|unzipSync|inflateRaw|inflateRawSync|brotliDecompress|brotliDecompressSync))$"))
