; id: sh-env-dump
; languages: bash
; capability: env
; severity: medium
; tags: env-dump, env-read
; needles: env, printenv
; message: Prints the whole environment (env, printenv), usually to send it somewhere.

((command name: (command_name) @path.cmd !argument) @match
 (#any-of? @path.cmd "env" "printenv"))
