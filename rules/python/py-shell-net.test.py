import os
# ruleid: py-shell-net
os.system(f"curl -s https://collect.example/{name}")

import subprocess
# ruleid: py-shell-net
subprocess.check_output(["curl", target])

import subprocess
COMMAND = 'wget -q -O - https://files.example/a'
# ruleid: py-shell-net
subprocess.run(COMMAND, shell=True)

import subprocess
# ok: py-shell-net
subprocess.run(["git", "describe"])

import os
# ok: py-shell-net
os.system("echo curl is a tool")
