; id: js-decode-exec
; languages: javascript typescript tsx
; capability: eval
; severity: medium
; tags: decode-exec, decode, eval
; needles: q:base64, q:hex, q:base64url, atob(), fromCharCode(), inflate(), inflateSync(), inflateRaw(), inflateRawSync(), gunzip(), gunzipSync(), unzip(), unzipSync(), brotliDecompress(), brotliDecompressSync(), decodeURIComponent(), unescape()
; message: Runs decoded data as code: eval, Function or vm is given the result of atob,
; message: Buffer.from(.., 'base64'/'hex').toString(), String.fromCharCode, zlib inflate or URI
; message: unescaping, directly or through a variable. Code that is meant to be read is not
; message: shipped encoded; a threat (staged-payload) by itself.
; note: the argument's @path is the decoder's call result (`atob()`, `Buffer.from(base64)
; note: .toString()`), also through a name bound to it (`const s = atob(x); eval(s)`).

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (_) @path.arg)) @match
 (#any-of? @path.fn "eval" "Function" "vm.runInThisContext" "vm.runInNewContext" "vm.runInContext" "vm.compileFunction")
 (#match? @path.arg "^(atob|String\\.fromCharCode|decodeURIComponent|unescape|Buffer\\.from\\((base64|hex|base64url)\\)\\.toString|zlib\\.(inflateSync|inflateRawSync|gunzipSync|unzipSync|brotliDecompressSync)(\\(\\)\\.toString)?)\\(\\)$"))

((new_expression
   constructor: (_) @path.fn
   arguments: (arguments (_) @path.arg .)) @match
 (#any-of? @path.fn "Function" "vm.Script")
 (#match? @path.arg "^(atob|String\\.fromCharCode|decodeURIComponent|unescape|Buffer\\.from\\((base64|hex|base64url)\\)\\.toString|zlib\\.(inflateSync|inflateRawSync|gunzipSync|unzipSync|brotliDecompressSync)(\\(\\)\\.toString)?)\\(\\)$"))
