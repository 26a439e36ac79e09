; id: js-hidden-name
; languages: javascript typescript tsx
; capability: obfuscation
; severity: medium
; tags: hidden-name
; needles: child_process, eval(), Function(), re:\brequire[\t\x20]*(?:[^\t\x20(.A-Za-z0-9_$=!]|[=!][^=]|$), re:\.\s*require\b, q:require, mainModule, binding(), dlopen(), q:child_process, q:vm, q:net, q:dns, q:http, q:https, q:fs, q:os, q:worker_threads
; message: Reaches a process, code-running or module-loading function through a computed name
; message: (cp['ex' + 'ec'], global[['ev', 'al'].join('')], Reflect.get(cp, 'spawn'),
; message: Function('return process')(), require('child_' + 'process')): the call is hidden from a
; message: reader and from simple scanners. A constant key written plainly is not counted.
; note: the @path of a subscript folds its key (concatenation, join, fromCharCode, atob), so a
; note: key that is not a plain literal but folds to a sensitive name is the hiding itself.

((subscript_expression index: (_) @raw.key) @match @path.member
 (#not-match? @raw.key "^(\"[^\"]*\"|'[^']*'|`[^`$]*`)$")
 (#match? @path.member "^(child_process\\.(exec|execSync|spawn|spawnSync|execFile|execFileSync|fork)|eval|Function|require|process\\.(mainModule|binding|dlopen))$"))

((call_expression
   function: (_) @raw.fn
   arguments: (arguments . (_) @path.target)) @match
 (#any-of? @raw.fn "Reflect.get" "Reflect.apply" "Reflect.construct")
 (#match? @path.target "^(child_process(\\..+)?|eval|Function|require|vm(\\..+)?|process\\.(mainModule|binding|dlopen))$"))

((call_expression
   function: (call_expression
     function: (_) @path.ctor
     arguments: (arguments . (_) @str.body))) @match
 (#eq? @path.ctor "Function")
 (#match? @str.body "^\\s*return\\s+(process|require|module)\\b"))

((call_expression
   function: (new_expression
     constructor: (_) @path.ctor
     arguments: (arguments . (_) @str.body))) @match
 (#eq? @path.ctor "Function")
 (#match? @str.body "^\\s*return\\s+(process|require|module)\\b"))

((call_expression
   function: (_) @raw.fn
   arguments: (arguments . (_) @raw.module @str.module)) @match
 (#any-of? @raw.fn "require" "import")
 (#not-match? @raw.module "^([A-Za-z_$][A-Za-z0-9_$]*|\"[^\"]*\"|'[^']*'|`[^`$]*`)$")
 (#match? @str.module "^(node:)?(child_process|vm|net|dns|http|https|fs|os|worker_threads)$"))

((call_expression
   function: (_) @raw.fn
   arguments: (arguments . (identifier) @str.module)) @match
 (#any-of? @raw.fn "require" "import")
 (#match? @str.module "^(node:)?(child_process|vm)$"))
