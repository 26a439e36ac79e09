; id: js-interactive-shell
; languages: javascript typescript tsx
; capability: shell
; severity: low
; tags: exec, shell-spawn
; needles: child_process, q:cross-spawn
; message: Starts a shell (sh, bash, cmd.exe, PowerShell) with no command to run: an interactive
; message: shell whose input comes from the program itself, the core of a reverse shell when a
; message: socket feeds it.

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (_) @str.shell .)) @match
 (#match? @path.fn "^(child_process\\.(spawn|execFile)|cross-spawn)$")
 (#match? @str.shell "^((/usr)?/bin/)?(sh|bash|zsh|dash|ksh)$|^(?i:cmd|cmd\\.exe|powershell|powershell\\.exe|pwsh)$"))

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (_) @str.shell . (array) @raw.args)) @match
 (#match? @path.fn "^(child_process\\.(spawn|execFile)|cross-spawn)$")
 (#match? @str.shell "^((/usr)?/bin/)?(sh|bash|zsh|dash|ksh)$|^(?i:cmd|cmd\\.exe|powershell|powershell\\.exe|pwsh)$")
 (#not-match? @raw.args "['\"`](-c|-lc|/c|/C|/k|/K|-Command|-command|-c?File|-File|-EncodedCommand|-enc|-e)['\"`]"))
