; id: js-vm
; languages: javascript typescript tsx
; capability: eval
; severity: low
; tags: eval
; needles: runInThisContext(), runInNewContext(), runInContext(), compileFunction(), Script(), SourceTextModule()
; message: Compiles or runs code with the vm module.

((call_expression function: (_) @path.fn) @match
 (#match? @path.fn "^vm\\.(runInThisContext|runInNewContext|runInContext|compileFunction)$"))

((new_expression constructor: (_) @path.fn) @match
 (#match? @path.fn "^vm\\.(Script|SourceTextModule)$"))
