; id: js-fs-write
; languages: javascript typescript tsx
; capability: filesystem
; severity: low
; tags: fs-write
; needles: writeFile(), writeFileSync(), appendFile(), appendFileSync(), createWriteStream(), copyFile(), copyFileSync(), rename(), renameSync(), symlink(), symlinkSync(), outputFile(), outputFileSync()
; message: Writes, renames or changes the mode of files.

((call_expression function: (_) @path.fn) @match
 (#match? @path.fn "^(fs|fs/promises|fs-extra|graceful-fs)\\.(promises\\.)?(writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|copyFile|copyFileSync|rename|renameSync|symlink|symlinkSync|outputFile|outputFileSync)$"))
