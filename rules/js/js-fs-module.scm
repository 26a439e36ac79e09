; id: js-fs-module
; languages: javascript typescript tsx
; capability: filesystem
; severity: low
; tags: fs
; needles: q:fs, q:fs/promises, q:fs-extra, q:graceful-fs
; message: Loads the file-system module; the package can read and write files.

((call_expression
   arguments: (arguments . (_) @str.mod)) @match @path.call
 (#match? @str.mod "^(node:)?(fs|fs/promises|fs-extra|graceful-fs)$")
 (#match? @path.call "^(fs|fs/promises|fs-extra|graceful-fs)$"))

((import_statement source: (string) @str.mod) @match
 (#match? @str.mod "^(node:)?(fs|fs/promises|fs-extra|graceful-fs)$"))
