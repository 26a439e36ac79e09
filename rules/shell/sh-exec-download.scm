; id: sh-exec-download
; languages: bash
; capability: shell
; severity: low
; tags: chmod, exec
; needles: chmod
; message: Makes a file executable (chmod +x), typically right before running something fetched.

((command name: (command_name) @path.cmd argument: (_) @str.mode) @match
 (#eq? @path.cmd "chmod")
 (#match? @str.mode "^(\\+x|[0-7]?[0-7][5-7][5-7])$"))
