; id: js-obfuscated-require
; languages: javascript typescript tsx
; capability: dynamic-require
; severity: medium
; tags: dynamic-require, obfuscated-require
; needles: re:\b(global|globalThis|window|self)\s*(\.\s*require|\[), _load, mainModule, re:=\s*require\s*[;\n)\x2c]
; message: Reaches require through a computed or indirect name (global['req'+'uire'],
; message: module.constructor._load, process.mainModule.require, an alias of require); plain
; message: code has no reason to hide its imports.

((call_expression function: (_) @path.fn @raw.fn) @match
 (#any-of? @path.fn "require" "process.mainModule.require" "module.constructor._load" "module._load")
 (#not-any-of? @raw.fn "require" "__non_webpack_require__"))
