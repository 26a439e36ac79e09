; id: py-subprocess
; languages: python
; capability: shell
; severity: low
; tags: exec
; needles: subprocess, system(), popen(), execl(), execle(), execlp(), execv(), execve(), execvp(), execvpe(), spawnl(), spawnv(), spawnlp(), spawnvp(), posix_spawn(), startfile(), pty, commands, create_subprocess_shell(), create_subprocess_exec(), ShellExecute(), ShellExecuteW(), ShellExecuteA(), ShellExecuteEx()
; message: Runs a program chosen at run time, a shell command line, an interpreter or a file
; message: (subprocess, os.system, os.popen, os.startfile, os.exec*/spawn*, asyncio
; message: subprocesses, ShellExecute, pty.spawn).
; note: a fixed tool with an argument list (`subprocess.run(['git', 'describe'])`) is
; note: py-run-tool instead.

((call function: (_) @path.fn arguments: (argument_list . (_) @raw.first)) @match
 (#not-match? @raw.first "^[\\[(]")
 (#match? @path.fn "^(subprocess\\.(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|os\\.(system|popen|execl|execle|execlp|execv|execve|execvp|execvpe|spawnl|spawnv|spawnlp|spawnvp|posix_spawn|startfile)|pty\\.spawn|commands\\.getoutput|asyncio\\.(create_subprocess_shell|create_subprocess_exec)|(win32api|ctypes\\.windll\\.shell32|ctypes\\.WinDLL\\(\\)|win32com\\.shell\\.shell)\\.ShellExecute(W|A|Ex)?)$"))

((call function: (_) @path.fn arguments: (argument_list . [(list . (_) @str.prog) (tuple . (_) @str.prog)])) @match
 (#not-const? @str.prog)
 (#match? @path.fn "^(subprocess\\.(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|os\\.(system|popen|execl|execle|execlp|execv|execve|execvp|execvpe|spawnl|spawnv|spawnlp|spawnvp|posix_spawn|startfile)|pty\\.spawn|commands\\.getoutput|asyncio\\.(create_subprocess_shell|create_subprocess_exec)|(win32api|ctypes\\.windll\\.shell32|ctypes\\.WinDLL\\(\\)|win32com\\.shell\\.shell)\\.ShellExecute(W|A|Ex)?)$"))

((call function: (_) @path.fn arguments: (argument_list . [(list . (_) @str.prog) (tuple . (_) @str.prog)])) @match
 (#match? @str.prog "(?i)^(.*[/\\\\].*|sh|bash|zsh|dash|ksh|cmd(\\.exe)?|powershell(\\.exe)?|pwsh|python[0-9.]*w?(\\.exe)?|start|curl|wget|nc|ncat|certutil(\\.exe)?|bitsadmin|mshta(\\.exe)?|rundll32(\\.exe)?|regsvr32(\\.exe)?|wscript|cscript|osascript|node|perl|ruby|.*\\.(exe|bat|cmd|ps1|vbs|scr|dll|sh))$")
 (#match? @path.fn "^(subprocess\\.(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|os\\.(system|popen|execl|execle|execlp|execv|execve|execvp|execvpe|spawnl|spawnv|spawnlp|spawnvp|posix_spawn|startfile)|pty\\.spawn|commands\\.getoutput|asyncio\\.(create_subprocess_shell|create_subprocess_exec)|(win32api|ctypes\\.windll\\.shell32|ctypes\\.WinDLL\\(\\)|win32com\\.shell\\.shell)\\.ShellExecute(W|A|Ex)?)$"))
