; id: py-exec
; languages: python
; capability: eval
; severity: low
; tags: eval
; needles: exec(), eval(), compile()
; message: Runs a string or code object (exec, eval, compile); what runs cannot be read from the
; message: package.

((call function: (_) @path.fn) @match
 (#any-of? @path.fn "exec" "eval" "compile"))
