; id: py-hidden-name
; languages: python
; capability: obfuscation
; severity: medium
; tags: hidden-name
; needles: getattr(), __dict__, vars(), globals(), locals(), __builtins__
; message: Reaches a process, code-running or import function through a string instead of its
; message: name (getattr(os, 'system'), os.__dict__['system'], vars(os)['system'],
; message: globals()['__builtins__']): the call is hidden from a reader and from simple scanners.

((call function: (identifier) @raw.g arguments: (argument_list . (_) . (_) @str.attr)) @match
 (#eq? @raw.g "getattr")
 (#any-of? @str.attr "system" "popen" "startfile" "spawnl" "spawnv" "execl" "execv" "execve" "Popen" "call" "run" "check_output" "check_call" "getoutput" "exec" "eval" "compile" "__import__" "import_module" "urlopen" "urlretrieve" "b64decode" "loads" "__builtins__"))

((subscript value: (_) @raw.v subscript: (_) @str.k) @match
 (#match? @raw.v "(__dict__|__builtins__|^(vars|globals|locals)\\s*\\(.*\\))$")
 (#any-of? @str.k "system" "popen" "startfile" "Popen" "check_output" "exec" "eval" "compile" "__import__" "__builtins__" "getattr" "open" "b64decode" "loads"))
