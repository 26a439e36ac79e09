; id: js-chmod
; languages: javascript typescript tsx
; capability: filesystem
; severity: low
; tags: chmod
; needles: chmod(), chmodSync(), fchmod(), fchmodSync()
; message: Makes a file executable or changes its permissions (chmod).

((call_expression function: (_) @path.fn) @match
 (#match? @path.fn "^(fs|fs/promises|fs-extra|graceful-fs)\\.(promises\\.)?(chmod|chmodSync|fchmod|fchmodSync)$"))
