; id: sh-pipe-shell
; languages: bash
; capability: shell
; severity: medium
; tags: pipe-shell, download, exec
; needles: curl, wget
; message: Pipes a download straight into a shell or interpreter: whatever the server sends runs.

((pipeline
   (command name: (command_name) @path.src)
   (command name: (command_name) @path.dst)) @match
 (#any-of? @path.src "curl" "wget")
 (#any-of? @path.dst "sh" "bash" "zsh" "dash" "python" "python3" "node" "perl" "sudo"))
