; id: js-net-hook
; languages: javascript typescript tsx
; capability: network
; severity: medium
; tags: net-hook
; needles: fetch(), XMLHttpRequest, ethereum
; message: Replaces fetch, XMLHttpRequest methods or the wallet provider's request function:
; message: every request and response of the page passes through this code.

((assignment_expression left: (_) @path.target) @match
 (#match? @path.target "^(fetch|XMLHttpRequest\\.prototype\\.(open|send|setRequestHeader)|ethereum\\.(request|send|sendAsync))$"))
