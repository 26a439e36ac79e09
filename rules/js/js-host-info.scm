; id: js-host-info
; languages: javascript typescript tsx
; capability: -
; severity: none
; tags: host-info
; needles: hostname(), userInfo(), networkInterfaces()
; message: Collects host identity (hostname, user name, network interfaces); beacons and
; message: stealers send it home.

((call_expression function: (_) @path.fn) @match
 (#match? @path.fn "^os\\.(hostname|userInfo|networkInterfaces)$"))
