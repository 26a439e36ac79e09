; id: js-env-access
; languages: javascript typescript tsx
; capability: env
; severity: low
; tags: env-read
; needles: env
; message: Reads environment variables (process.env), where CI tokens and cloud keys live.

((member_expression object: (_) @path.obj property: (property_identifier) @raw.prop) @match
 (#eq? @raw.prop "env")
 (#eq? @path.obj "process"))

((subscript_expression object: (_) @path.obj index: (_) @str.key) @match
 (#eq? @str.key "env")
 (#eq? @path.obj "process"))

((variable_declarator
   name: (object_pattern (shorthand_property_identifier_pattern) @raw.key)
   value: (_) @path.obj) @match
 (#eq? @raw.key "env")
 (#eq? @path.obj "process"))
