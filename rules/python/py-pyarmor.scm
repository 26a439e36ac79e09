; id: py-pyarmor
; languages: python
; capability: obfuscation
; severity: medium
; tags: obfuscated
; needles: __pyarmor__, pyarmor_runtime*, __pyarmor_enter__, pytransform
; message: Code protected with PyArmor (a runtime stub and an encrypted code object): what it does
; message: cannot be read from the package.

((call function: (_) @path.fn) @match
 (#match? @path.fn "(^|\\.)(__pyarmor__|pyarmor_runtime|__pyarmor_enter__)$"))

((import_from_statement module_name: (_) @raw.m) @match
 (#match? @raw.m "(^|\\.)(pytransform|pyarmor_runtime[_0-9]*)$"))
