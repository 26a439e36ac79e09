; id: js-eval
; languages: javascript typescript tsx
; capability: eval
; severity: low
; tags: eval
; needles: eval(), Function(), _compile(), re:\.\s*constructor\s*(?:\?\.\s*)?[(<]
; message: Runs a string as code (eval, new Function, Function, .constructor(...),
; message: Module#_compile); what runs cannot be read from the package.

((call_expression function: (_) @path.fn) @match
 (#any-of? @path.fn "eval" "Function"))

((new_expression constructor: (_) @path.fn) @match
 (#eq? @path.fn "Function"))

((call_expression
   function: (member_expression property: (property_identifier) @raw.prop)
   arguments: (arguments . (_))) @match
 (#eq? @raw.prop "constructor"))

((call_expression
   function: (member_expression property: (property_identifier) @raw.prop)) @match
 (#eq? @raw.prop "_compile"))

((call_expression
   function: (subscript_expression index: (_) @str.key)) @match
 (#any-of? @str.key "_compile" "eval"))
