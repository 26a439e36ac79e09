; id: py-clipboard-read
; languages: python
; capability: exfiltration
; severity: medium
; tags: clipboard, clipboard-read
; needles: pyperclip, read_clipboard(), GetClipboardData(), clipboard_get(), paste(), re:pbpaste, re:Get-Clipboard
; message: Reads the clipboard (pyperclip.paste, win32clipboard, tkinter clipboard_get, pbpaste):
; message: copied passwords, keys and wallet addresses can be taken or replaced.

((call function: (_) @path.fn) @match
 (#match? @path.fn "^(pyperclip\\.paste|pandas\\.read_clipboard|win32clipboard\\.GetClipboardData|ctypes\\.windll\\.user32\\.GetClipboardData|clipboard\\.paste|tkinter\\.Tk\\(\\)\\.clipboard_get)$"))

((call function: (attribute attribute: (identifier) @raw.m)) @match
 (#eq? @raw.m "clipboard_get"))

((call function: (_) @path.fn arguments: (argument_list . (_) @str.cmd)) @match
 (#match? @path.fn "^(subprocess\\.(run|check_output|Popen|getoutput)|os\\.popen)$")
 (#match? @str.cmd "(^pbpaste|Get-Clipboard|xclip .*-o|xsel .*-o)"))

((call function: (_) @path.fn arguments: (argument_list . (list . (_) @str.cmd))) @match
 (#match? @path.fn "^subprocess\\.(run|check_output|Popen)$")
 (#match? @str.cmd "^(pbpaste|xclip|xsel)$"))
