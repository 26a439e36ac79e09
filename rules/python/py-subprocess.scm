; id: py-subprocess
; languages: python
; capability: shell
; severity: low
; tags: exec
; needles: subprocess, system(), popen(), execl(), execle(), execlp(), execv(), execve(), execvp(), execvpe(), spawnl(), spawnv(), spawnlp(), spawnvp(), posix_spawn(), startfile(), pty, commands, create_subprocess_shell(), create_subprocess_exec(), ShellExecute(), ShellExecuteW(), ShellExecuteA(), ShellExecuteEx()
; message: Runs programs (subprocess, os.system, os.popen, os.startfile, os.exec*/spawn*,
; message: asyncio subprocesses, ShellExecute, pty.spawn).

((call function: (_) @path.fn) @match
 (#match? @path.fn "^(subprocess\\.(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|os\\.(system|popen|execl|execle|execlp|execv|execve|execvp|execvpe|spawnl|spawnv|spawnlp|spawnvp|posix_spawn|startfile)|pty\\.spawn|commands\\.getoutput|asyncio\\.(create_subprocess_shell|create_subprocess_exec)|(win32api|ctypes\\.windll\\.shell32|ctypes\\.WinDLL\\(\\)|win32com\\.shell\\.shell)\\.ShellExecute(W|A|Ex)?)$"))
