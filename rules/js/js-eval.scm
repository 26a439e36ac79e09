; id: js-eval
; languages: javascript typescript tsx
; capability: eval
; severity: low
; tags: eval
; needles: eval, Function, constructor
; message: Runs a string as code (eval, new Function, Function, .constructor(...)); what runs
; message: cannot be read from the package.

((call_expression function: (_) @path.fn) @match
 (#any-of? @path.fn "eval" "Function"))

((new_expression constructor: (_) @path.fn) @match
 (#eq? @path.fn "Function"))

((call_expression
   function: (member_expression property: (property_identifier) @raw.prop)
   arguments: (arguments . (_))) @match
 (#eq? @raw.prop "constructor"))
