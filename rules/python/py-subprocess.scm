; id: py-subprocess
; languages: python
; capability: shell
; severity: low
; tags: exec
; needles: subprocess, system(), popen(), execl(), execle(), execlp(), execv(), execve(), execvp(), spawnl(), spawnv(), startfile(), pty, commands
; message: Runs programs (subprocess, os.system, os.popen, os.exec*, pty.spawn).

((call function: (_) @path.fn) @match
 (#match? @path.fn "^(subprocess\\.(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|os\\.(system|popen|execl|execle|execlp|execv|execve|execvp|spawnl|spawnv|startfile)|pty\\.spawn|commands\\.getoutput)$"))
