; id: py-obfuscation
; languages: python
; capability: obfuscation
; severity: low
; tags: py-obfuscated
; needles: getattr(), __import__(), chr(), re:[^\x00-\x7F]\s*=, re:def\s+[^\x00-\x7F], while
; message: Python obfuscation: builtins or modules reached by computed names
; message: (getattr(__builtins__, ...), __import__ of a built-up string), strings assembled from
; message: chr() arithmetic, non-ASCII identifiers, or a state-variable loop (control-flow
; message: flattening). Harmless alone; in install-time code it marks an obfuscated setup.py.

((call function: (_) @path.g arguments: (argument_list . (_) @path.obj . (_) @str.attr)) @match
 (#eq? @path.g "getattr")
 (#any-of? @path.obj "" "builtins" "__builtins__")
 (#not-const? @str.attr))

((call function: (_) @path.g arguments: (argument_list . [(binary_operator) (call) (subscript)] @str.m)) @match
 (#any-of? @path.g "__import__" "importlib.import_module")
 (#not-const? @str.m))

((call function: (identifier) @raw.c arguments: (argument_list . (binary_operator) @raw.arg)) @match
 (#eq? @raw.c "chr")
 (#match? @raw.arg "[-+^%*]\\s*\\(?\\s*[0-9]|<<|>>"))

((assignment left: (identifier) @raw.id) @match
 (#match? @raw.id "[^\\x00-\\x7F]"))

((function_definition name: (identifier) @raw.id) @match
 (#match? @raw.id "[^\\x00-\\x7F]"))

((while_statement condition: (identifier) @raw.state body: (block . (if_statement condition: (comparison_operator) @raw.cmp))) @match
 (#match? @raw.cmp "^\\s*-?[0-9]{3,}\\s*==|==\\s*-?[0-9]{3,}\\s*$"))
