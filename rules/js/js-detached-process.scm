; id: js-detached-process
; languages: javascript typescript tsx
; capability: shell
; severity: medium
; tags: exec, exec-hidden
; needles: detached, windowsHide
; message: Starts a program detached from this process (detached: true) or hidden and silenced
; message: (windowsHide with stdio 'ignore'); it keeps running after the installer or the
; message: caller exits, out of sight. Adds weight to the process start.

((call_expression
   function: (_) @path.fn
   arguments: (arguments (object (pair key: (_) @raw.key value: (true))))) @match
 (#match? @path.fn "^((child_process|cross-spawn|execa)(\\.(exec|spawn|execFile|fork|execa|execaCommand))?)$")
 (#match? @raw.key "^['\"]?detached['\"]?$"))

((call_expression
   function: (_) @path.fn
   arguments: (arguments (object
     (pair key: (_) @raw.key value: (true))
     (pair key: (_) @raw.io value: (string) @str.mode)))) @match
 (#match? @path.fn "^((child_process|cross-spawn|execa)(\\.(exec|spawn|execFile|fork|execa|execaCommand))?)$")
 (#match? @raw.key "^['\"]?windowsHide['\"]?$")
 (#match? @raw.io "^['\"]?stdio['\"]?$")
 (#eq? @str.mode "ignore"))

((call_expression
   function: (_) @path.fn
   arguments: (arguments (object
     (pair key: (_) @raw.io value: (string) @str.mode)
     (pair key: (_) @raw.key value: (true))))) @match
 (#match? @path.fn "^((child_process|cross-spawn|execa)(\\.(exec|spawn|execFile|fork|execa|execaCommand))?)$")
 (#match? @raw.key "^['\"]?windowsHide['\"]?$")
 (#match? @raw.io "^['\"]?stdio['\"]?$")
 (#eq? @str.mode "ignore"))
