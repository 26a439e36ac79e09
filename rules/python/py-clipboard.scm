; id: py-clipboard
; languages: python
; capability: -
; severity: none
; tags: clipboard
; needles: pyperclip, read_clipboard(), GetClipboardData(), clipboard_get()
; message: Reads or writes the clipboard.

((call function: (_) @path.fn) @match
 (#match? @path.fn "^(pyperclip\\.(paste|copy)|pandas\\.read_clipboard|win32clipboard\\.GetClipboardData|tkinter\\.Tk\\.clipboard_get)$"))
