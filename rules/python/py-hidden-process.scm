; id: py-hidden-process
; languages: python
; capability: shell
; severity: medium
; tags: exec, hidden-exec
; needles: CREATE_NO_WINDOW, DETACHED_PROCESS, SW_HIDE, creationflags, subprocess, system(), popen(), startfile(), spawnl(), spawnv(), execl(), execv(), create_subprocess_shell(), create_subprocess_exec()
; message: Starts a process the user does not see: a hidden or detached window (CREATE_NO_WINDOW,
; message: STARTUPINFO with SW_HIDE, pythonw, PowerShell -WindowStyle Hidden) or a detached
; message: `start`/`cmd /c` command line.

((keyword_argument name: (identifier) @raw.k value: (_) @raw.v) @match
 (#eq? @raw.k "creationflags")
 (#match? @raw.v "CREATE_NO_WINDOW|DETACHED_PROCESS|CREATE_NEW_PROCESS_GROUP|0x0*8000000|134217728|0x0*8\\b|^8$"))

((attribute attribute: (identifier) @raw.a) @match
 (#any-of? @raw.a "SW_HIDE" "CREATE_NO_WINDOW" "DETACHED_PROCESS"))

((call function: (_) @path.fn arguments: (argument_list . (_) @str.cmd)) @match
 (#match? @path.fn "^(subprocess\\.(run|call|check_call|check_output|Popen)|os\\.(system|popen|startfile|spawnl|spawnv|execl|execv)|asyncio\\.create_subprocess_shell)$")
 (#match? @str.cmd "(?i)(^\\s*(start|cmd(\\.exe)?\\s+/[ck])\\s|pythonw(\\.exe)?\\b|-w(indowstyle)?\\s+hidden|\\s-(e|ec|enc|encodedcommand)\\s+[A-Za-z0-9+/=]{16,})"))

((call function: (_) @path.fn arguments: (argument_list . (list . (_) @str.cmd))) @match
 (#match? @path.fn "^(subprocess\\.(run|call|check_call|check_output|Popen)|os\\.(spawnl|spawnv|execl|execv)|asyncio\\.create_subprocess_exec)$")
 (#match? @str.cmd "(?i)(^(start|cmd(\\.exe)?)$|pythonw(\\.exe)?$)"))

((call function: (_) @path.fn arguments: (argument_list . [(binary_operator) (string) (concatenated_string)] @raw.cmd)) @match
 (#match? @raw.cmd "^[rbfuRBFU]*['\"](?i)(start|cmd(\\.exe)?\\s+/[ck])\\s")
 (#match? @path.fn "^(subprocess\\.(run|call|check_call|check_output|Popen)|os\\.(system|popen)|asyncio\\.create_subprocess_shell)$"))
