; id: js-fs-walk
; languages: javascript typescript tsx
; capability: -
; severity: none
; tags: fs-walk
; needles: readdir(), readdirSync(), opendir(), opendirSync()
; message: Lists directories (readdir, opendir); with overwrites this is how wipers walk a disk.

((call_expression function: (_) @path.fn) @match
 (#match? @path.fn "^(fs|fs/promises|fs-extra|graceful-fs)\\.(promises\\.)?(readdir|readdirSync|opendir|opendirSync)$"))
