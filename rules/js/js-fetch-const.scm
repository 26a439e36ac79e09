; id: js-fetch-const
; languages: javascript typescript tsx
; capability: network
; severity: low
; tags: download-const
; needles: fetch(), http, https, axios, got(), q:got, q:node-fetch, undici
; message: Fetches an address written into the code (a constant or a name bound to one); a module
; message: loader fetches whatever address its caller names instead.

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (_) @str.url)) @match
 (#match? @path.fn "^(fetch|(https?|http2)\\.(get|request)|axios(\\.(get|post|request))?|got(\\.(get|stream))?|node-fetch|node-fetch\\.default|undici\\.(request|fetch|stream))$")
 (#const? @str.url))
