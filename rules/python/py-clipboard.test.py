import pyperclip
# ruleid: py-clipboard
addr = pyperclip.paste()

# ok: py-clipboard
paste = 1
