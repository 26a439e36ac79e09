; id: js-fetch
; languages: javascript typescript tsx
; capability: network
; severity: low
; tags: net, download
; needles: fetch(), XMLHttpRequest(), WebSocket(), sendBeacon()
; message: Makes HTTP requests with fetch, XMLHttpRequest, WebSocket or sendBeacon.

((call_expression function: (_) @path.fn) @match
 (#any-of? @path.fn "fetch" "navigator.sendBeacon"))

((new_expression constructor: (_) @path.fn) @match
 (#any-of? @path.fn "XMLHttpRequest" "WebSocket"))
