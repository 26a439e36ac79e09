; id: js-raw-socket
; languages: javascript typescript tsx
; capability: network
; severity: low
; tags: net, raw-socket
; needles: q:net, q:tls
; message: Opens a raw TCP or TLS connection (net.connect, net.createConnection, new net.Socket,
; message: tls.connect) rather than speaking HTTP.

((call_expression function: (_) @path.fn) @match
 (#match? @path.fn "^(net\\.(connect|createConnection)|tls\\.connect)$"))

((new_expression constructor: (_) @path.ctor) @match
 (#eq? @path.ctor "net.Socket"))
