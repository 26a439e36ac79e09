; id: js-destructive-delete
; languages: javascript typescript tsx
; capability: filesystem
; severity: medium
; tags: wipe
; needles: q:fs, q:fs/promises, q:rimraf, rmSync(), rm(), rmdirSync(), rmdir()
; message: Deletes the user's home folder, the working directory or the file-system root
; message: (fs.rmSync(os.homedir(), {recursive: true}), rimraf(process.cwd())): a dependency has no
; message: reason to remove what it does not own; the payload of protestware and wipers.

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (_) @path.target)) @match
 (#match? @path.fn "^(fs\\.(rmSync|rm|rmdirSync|rmdir)|fs\\.promises\\.(rm|rmdir)|fs/promises\\.(rm|rmdir)|rimraf(\\.sync)?)$")
 (#match? @path.target "^(process\\.cwd\\(\\)|os\\.homedir\\(\\)|process\\.env\\.(HOME|USERPROFILE|HOMEPATH))$"))

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (_) @str.target)) @match
 (#match? @path.fn "^(fs\\.(rmSync|rm|rmdirSync|rmdir)|fs\\.promises\\.(rm|rmdir)|fs/promises\\.(rm|rmdir)|rimraf(\\.sync)?)$")
 (#match? @str.target "^(/|~|~/|/home/?|/Users/?|[A-Za-z]:\\\\?|[A-Za-z]:/)$"))
