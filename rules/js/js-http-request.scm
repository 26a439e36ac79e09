; id: js-http-request
; languages: javascript typescript tsx
; capability: network
; severity: low
; tags: net, download
; needles: http, https, http2, axios, got(), re:\bgot\s*(?:\??\.\s*(?:get|post)\b|\[), q:got, request(), re:\brequest\s*(?:\??\.\s*(?:get|post)\b|\[), q:request, q:node-fetch, undici, superagent, q:superagent, q:ws, WebhookClient(), q:discord.js, q:needle, q:phin
; message: Sends an HTTP request (http(s).get/request, axios, got, request, node-fetch, undici,
; message: superagent, needle, phin), opens a ws WebSocket or a discord.js webhook; data can leave
; message: the machine or a payload can come in.

((call_expression function: (_) @path.fn) @match
 (#match? @path.fn "^((https?|http2)\\.(get|request)|axios(\\.(create\\(\\)\\.)?(get|post|put|patch|request))?|got(\\.(get|post|put|stream))?|request(\\.(get|post|put))?|node-fetch|node-fetch\\.default|undici\\.(request|fetch|stream)|superagent(\\.(get|post|put))?|needle(\\.(get|post|request))?|phin)$"))

((new_expression constructor: (_) @path.fn) @match
 (#match? @path.fn "^(ws|ws\\.WebSocket|discord\\.js\\.WebhookClient|undici\\.(Client|Pool|WebSocket))$"))
