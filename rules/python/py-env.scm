; id: py-env
; languages: python
; capability: env
; severity: low
; tags: env-read
; needles: environ, getenv(), getenvb()
; message: Reads environment variables (os.environ, os.getenv), where CI tokens and cloud keys
; message: live.

((attribute attribute: (identifier) @raw.attr) @path.a @match
 (#eq? @raw.attr "environ")
 (#eq? @path.a "os.environ"))

((call function: (_) @path.fn) @match
 (#any-of? @path.fn "os.getenv" "os.getenvb"))
