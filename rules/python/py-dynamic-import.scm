; id: py-dynamic-import
; languages: python
; capability: dynamic-require
; severity: low
; tags: dynamic-require
; needles: __import__(), import_module()
; message: Imports a module whose name is computed at run time (__import__, importlib).

((call function: (_) @path.fn arguments: (argument_list . (_) @str.m)) @match
 (#any-of? @path.fn "__import__" "importlib.import_module")
 (#not-const? @str.m))
