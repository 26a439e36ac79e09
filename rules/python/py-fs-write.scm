; id: py-fs-write
; languages: python
; capability: filesystem
; severity: low
; tags: fs-write
; needles: open(), shutil, chmod(), rename(), replace(), urlretrieve(), write_bytes(), write_text()
; message: Writes files or changes their mode (open for writing, shutil.copy, os.chmod).

((call function: (_) @path.fn arguments: (argument_list . (_) . (_) @str.mode)) @match
 (#eq? @path.fn "open")
 (#match? @str.mode "[wax]"))

((call function: (_) @path.fn) @match
 (#match? @path.fn "^(shutil\\.(copy|copyfile|copy2|move)|os\\.(chmod|rename|replace)|urllib\\.request\\.urlretrieve)$"))

((call function: (attribute attribute: (identifier) @raw.m)) @match
 (#any-of? @raw.m "write_bytes" "write_text"))
