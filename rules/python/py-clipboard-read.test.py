import pyperclip
# ruleid: py-clipboard-read
text = pyperclip.paste()

import tkinter
root = tkinter.Tk()
# ruleid: py-clipboard-read
data = root.clipboard_get()

import subprocess
# ruleid: py-clipboard-read
copied = subprocess.check_output(['pbpaste'])

import pyperclip
# ok: py-clipboard-read
pyperclip.copy('done')
