; id: js-obfuscated-require
; languages: javascript typescript tsx
; capability: dynamic-require
; severity: medium
; tags: dynamic-require, obfuscated-require
; needles: re:\brequire[\t\x20]*(?:[^\t\x20(.A-Za-z0-9_$=!]|[=!][^=]|$), re:\.\s*require\b, q:require, _load(), mainModule
; message: Reaches require through a computed or indirect name (global['req'+'uire'],
; message: module.constructor._load, process.mainModule.require, an alias of require); plain
; message: code has no reason to hide its imports.

((call_expression function: (_) @path.fn @raw.fn) @match
 (#any-of? @path.fn "require" "process.mainModule.require" "module.constructor._load" "module._load")
 (#not-any-of? @raw.fn "require" "__non_webpack_require__"))
