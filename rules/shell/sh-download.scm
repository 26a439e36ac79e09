; id: sh-download
; languages: bash
; capability: network
; severity: low
; tags: net, download
; needles: curl, wget, fetch
; message: Downloads with curl or wget.

((command name: (command_name) @path.cmd) @match
 (#any-of? @path.cmd "curl" "wget" "fetch"))
