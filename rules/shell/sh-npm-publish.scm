; id: sh-npm-publish
; languages: bash
; capability: shell
; severity: low
; tags: publish
; needles: npm, yarn, pnpm
; message: Publishes a package (npm publish); with a stolen token this is how worms spread.

((command name: (command_name) @path.cmd argument: (word) @str.sub) @match
 (#any-of? @path.cmd "npm" "yarn" "pnpm")
 (#eq? @str.sub "publish"))
