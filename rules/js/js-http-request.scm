; id: js-http-request
; languages: javascript typescript tsx
; capability: network
; severity: low
; tags: net, download
; needles: http, https, http2, axios, got(), re:\bgot\s*(?:\??\.\s*(?:get|post)\b|\[), q:got, request(), re:\brequest\s*(?:\??\.\s*(?:get|post)\b|\[), q:request, q:node-fetch, undici
; message: Sends an HTTP request (http(s).get/request, axios, got, request); data can leave
; message: the machine or a payload can come in.

((call_expression function: (_) @path.fn) @match
 (#match? @path.fn "^((https?|http2)\\.(get|request)|axios(\\.(get|post|put|request))?|got(\\.(get|post))?|request(\\.(get|post))?|node-fetch|undici\\.(request|fetch))$"))
