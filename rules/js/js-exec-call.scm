; id: js-exec-call
; languages: javascript typescript tsx
; capability: shell
; severity: low
; tags: exec
; needles: child_process, q:cross-spawn, execa
; message: Runs a program through child_process (exec, spawn, execFile, fork).

((call_expression function: (_) @path.fn) @match
 (#match? @path.fn "^(child_process|cross-spawn|execa)(\\.(exec|execSync|spawn|spawnSync|execFile|execFileSync|fork|sync|command|commandSync))?$"))
