; id: py-decode-helper-call
; languages: python
; capability: -
; severity: none
; tags: helper-decode-arg
; needles: exec(), eval(), compile(), system(), popen(), subprocess, getoutput()
; message: Runs what a plain function returns for a base64-shaped constant
; message: (os.system(unpack('Y3VybC...')), exec(d('aW1wb3J0...'))); with a decoding helper in
; message: the same file (py-decode-helper) the command or code is hidden from a reader.

((call function: (_) @path.sink
       arguments: (argument_list . (call function: (identifier) arguments: (argument_list . (_) @str.data)))) @match
 (#match? @path.sink "^(exec|eval|compile|os\\.(system|popen)|subprocess\\.(run|call|check_call|check_output|Popen|getoutput))$")
 (#match? @str.data "^[A-Za-z0-9+/_-]{16,}={0,2}$"))
