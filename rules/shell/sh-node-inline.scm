; id: sh-node-inline
; languages: bash
; capability: eval
; severity: low
; tags: eval
; needles: node, nodejs, python, python3, perl, ruby, eval
; message: Runs inline code given on the command line (node -e, python -c, eval).

((command name: (command_name) @path.cmd argument: (word) @str.flag) @match
 (#any-of? @path.cmd "node" "nodejs" "python" "python3" "perl" "ruby")
 (#any-of? @str.flag "-e" "-c" "--eval"))

((command name: (command_name) @path.cmd) @match
 (#eq? @path.cmd "eval"))
