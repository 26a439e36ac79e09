import subprocess
# ruleid: py-hidden-process
subprocess.Popen(['tool.exe'], creationflags=subprocess.CREATE_NO_WINDOW)

import subprocess
info = subprocess.STARTUPINFO()
# ruleid: py-hidden-process
info.wShowWindow = subprocess.SW_HIDE

import os
# ruleid: py-hidden-process
os.system('start ' + target)

import subprocess
# ruleid: py-hidden-process
subprocess.call('cmd /c ' + script, shell=True)

import subprocess
# ruleid: py-hidden-process
subprocess.Popen(['pythonw', stage])

import subprocess
# ruleid: py-hidden-process
subprocess.run('powershell -WindowStyle Hidden -File run.ps1')

import subprocess
# ruleid: py-hidden-process
subprocess.run('powershell -enc ' + 'SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA')

import subprocess
# ok: py-hidden-process
subprocess.run(['git', 'describe', '--tags'])

import os
# ok: py-hidden-process
os.system('make start')
