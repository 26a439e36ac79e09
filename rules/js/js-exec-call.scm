; id: js-exec-call
; languages: javascript typescript tsx
; capability: shell
; severity: low
; tags: exec
; needles: child_process, q:cross-spawn, execa, q:shelljs
; message: Runs a program through child_process (exec, spawn, execFile, fork), execa,
; message: cross-spawn or shelljs.exec.

((call_expression function: (_) @path.fn) @match
 (#match? @path.fn "^((child_process|cross-spawn|execa)(\\.(exec|execSync|spawn|spawnSync|execFile|execFileSync|fork|sync|command|commandSync|execa|execaSync|execaCommand|execaCommandSync|execaNode))?|shelljs\\.exec)$"))
