; id: py-shell-net
; languages: python
; capability: network
; severity: low
; tags: net
; needles: subprocess, system(), popen(), getoutput(), getstatusoutput(), create_subprocess_shell(), create_subprocess_exec()
; message: Runs curl or wget from Python (os.system('curl ...'), subprocess.run(['curl', url])):
; message: the program talks to the network for the code, so what it sends counts as sent.
; note: network use only; whether it is exfiltration or a dropper is decided by threats.txt.

((call function: (_) @path.fn arguments: (argument_list . (_) @raw.cmd)) @match
 (#match? @raw.cmd "^(\\[\\s*|\\(\\s*)?[fFrRuUbB]{0,2}[\"'](curl|wget)[\\s\"']")
 (#match? @path.fn "^(subprocess\\.(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|os\\.(system|popen)|asyncio\\.(create_subprocess_shell|create_subprocess_exec))$"))

((call function: (_) @path.fn arguments: (argument_list . (identifier) @str.cmd)) @match
 (#match? @str.cmd "^\\s*(curl|wget)\\s")
 (#match? @path.fn "^(subprocess\\.(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|os\\.(system|popen)|asyncio\\.create_subprocess_shell)$"))
