; id: js-clipboard
; languages: javascript typescript tsx
; capability: -
; severity: none
; tags: clipboard
; needles: clipboard, clipboardy, pbpaste*, pbcopy*, xclip*, xsel*, Get-Clipboard*, Set-Clipboard*
; message: Reads or writes the clipboard.

((call_expression function: (_) @path.fn) @match
 (#match? @path.fn "^(navigator\\.clipboard\\.(readText|writeText|read|write)|clipboardy(\\.(read|write|readSync|writeSync))?)$"))

((string) @str.s @match
 (#match? @str.s "^(pbpaste|pbcopy|xclip|xsel|Get-Clipboard|Set-Clipboard)\\b"))
