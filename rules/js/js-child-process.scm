; id: js-child-process
; languages: javascript typescript tsx
; capability: shell
; severity: low
; tags: exec
; needles: q:child_process, q:execa, q:shelljs, q:cross-spawn
; message: Loads child_process (or execa, shelljs, cross-spawn); the package can run any
; message: program on the machine.

((call_expression
   arguments: (arguments . (_) @str.mod)) @match @path.call
 (#match? @str.mod "^(node:)?(child_process|execa|shelljs|cross-spawn)$")
 (#match? @path.call "^(child_process|execa|shelljs|cross-spawn)$"))

((import_statement source: (string) @str.mod) @match
 (#match? @str.mod "^(node:)?(child_process|execa|shelljs|cross-spawn)$"))
