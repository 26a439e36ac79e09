; id: js-dynamic-require
; languages: javascript typescript tsx
; capability: dynamic-require
; severity: low
; tags: dynamic-require
; needles: re:\b(?:require|import)\s*(?:\(\s*(?:[^'"`\s)]|['"`][^'"`\\$\r\n]*(?:[\\$\r\n]|['"`]\s*[^\s)\x2c]))|/), re:\brequire[\t\x20]*(?:[^\t\x20(.A-Za-z0-9_$=!]|[=!][^=]|$), re:\.\s*require\b, q:require, _load(), mainModule
; message: Loads a module whose name is computed at run time (require or import() with a
; message: non-constant argument); what it loads cannot be known statically.

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (_) @str.arg)) @match
 (#any-of? @path.fn "require" "module.require" "process.mainModule.require" "require.main.require" "module.constructor._load" "module._load" "import")
 (#not-const? @str.arg))
