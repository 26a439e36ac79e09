; id: js-env-dump
; languages: javascript typescript tsx
; capability: env
; severity: medium
; tags: env-dump, env-read
; needles: env
; message: Serialises the whole environment (JSON.stringify(process.env) and the like): every
; message: secret in it can be sent away at once.

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (_) @path.arg)) @match
 (#any-of? @path.fn "JSON.stringify" "querystring.stringify" "qs.stringify" "Object.entries" "Object.keys" "Object.values" "Buffer.from")
 (#eq? @path.arg "process.env"))

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (object (pair value: (_) @path.arg)))) @match
 (#any-of? @path.fn "JSON.stringify" "querystring.stringify" "qs.stringify")
 (#eq? @path.arg "process.env"))
