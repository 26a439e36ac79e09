; id: py-run-tool
; languages: python
; capability: shell
; severity: low
; tags: run-tool
; needles: subprocess, system(), popen(), execl(), execle(), execlp(), execv(), execve(), execvp(), execvpe(), spawnl(), spawnv(), spawnlp(), spawnvp(), posix_spawn(), startfile(), pty, commands, create_subprocess_shell(), create_subprocess_exec(), ShellExecute(), ShellExecuteW(), ShellExecuteA(), ShellExecuteEx()
; message: Runs a named tool with a fixed argument list (subprocess.run(['git', ...])): ordinary for
; message: build helpers; at install time it still counts as install-time process use.

((call function: (_) @path.fn arguments: (argument_list . [(list . (_) @str.prog) (tuple . (_) @str.prog)])) @match
 (#const? @str.prog)
 (#not-match? @str.prog "(?i)^(.*[/\\\\].*|sh|bash|zsh|dash|ksh|cmd(\\.exe)?|powershell(\\.exe)?|pwsh|python[0-9.]*w?(\\.exe)?|start|curl|wget|nc|ncat|certutil(\\.exe)?|bitsadmin|mshta(\\.exe)?|rundll32(\\.exe)?|regsvr32(\\.exe)?|wscript|cscript|osascript|node|perl|ruby|.*\\.(exe|bat|cmd|ps1|vbs|scr|dll|sh))$")
 (#match? @path.fn "^(subprocess\\.(run|call|check_call|check_output|Popen)|asyncio\\.create_subprocess_exec)$"))
