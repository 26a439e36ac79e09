; id: py-fs-write
; languages: python
; capability: filesystem
; severity: low
; tags: fs-write
; needles: open(), shutil, chmod(), rename(), replace(), urlretrieve(), write_bytes(), write_text(), copyfileobj(), NamedTemporaryFile(), mkstemp()
; message: Writes files or changes their mode (open for writing, pathlib writes, shutil.copy/move,
; message: urlretrieve, os.chmod, a temporary file kept after closing: NamedTemporaryFile(delete=False),
; message: mkstemp).

((call function: (_) @path.fn arguments: (argument_list . (_) . (_) @str.mode)) @match
 (#any-of? @path.fn "open" "io.open" "codecs.open" "os.fdopen")
 (#match? @str.mode "[wax]"))

((call function: (_) @path.fn arguments: (argument_list (keyword_argument name: (identifier) @raw.k value: (_) @str.mode))) @match
 (#any-of? @path.fn "open" "io.open" "codecs.open" "pathlib.Path().open" "os.fdopen")
 (#eq? @raw.k "mode")
 (#match? @str.mode "[wax]"))

((call function: (_) @path.fn) @match
 (#match? @path.fn "^(shutil\\.(copy|copyfile|copy2|copytree|copyfileobj|move)|os\\.(chmod|rename|replace)|urllib\\.request\\.urlretrieve|urllib\\.urlretrieve)$"))

((call function: (attribute attribute: (identifier) @raw.m)) @match
 (#any-of? @raw.m "write_bytes" "write_text"))

((call function: (_) @path.fn arguments: (argument_list (keyword_argument name: (identifier) @raw.k value: (false)))) @match
 (#eq? @raw.k "delete")
 (#eq? @path.fn "tempfile.NamedTemporaryFile"))

((call function: (_) @path.fn) @match
 (#eq? @path.fn "tempfile.mkstemp"))
