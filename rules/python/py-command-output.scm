; id: py-command-output
; languages: python
; capability: -
; severity: none
; tags: cmd-output
; needles: subprocess, commands, popen(), Popen(), check_output(), getoutput(), getstatusoutput(), capture_output
; message: Captures a program's output (subprocess.check_output, getoutput, os.popen(..).read(),
; message: Popen(..).communicate(), run(.., capture_output=True)); a signal for threats that send
; message: it away.

((call function: (_) @path.fn) @match
 (#match? @path.fn "^(subprocess|commands)\\.(check_output|getoutput|getstatusoutput)$"))

((call function: (attribute object: (_) @path.obj attribute: (identifier) @raw.m)) @match
 (#any-of? @raw.m "read" "readlines" "communicate")
 (#match? @path.obj "^(os\\.popen|subprocess\\.Popen)\\(\\)(\\.stdout)?$"))

((call function: (_) @path.fn arguments: (argument_list (keyword_argument name: (identifier) @raw.k value: (true)))) @match
 (#eq? @raw.k "capture_output")
 (#match? @path.fn "^subprocess\\.run$"))
