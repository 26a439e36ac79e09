import os
import subprocess

# ruleid: py-command-output
out = subprocess.check_output(["id"], stderr=subprocess.DEVNULL)

# ruleid: py-command-output
who = subprocess.getoutput("whoami")

stream = os.popen("uname -a")
# ruleid: py-command-output
text = stream.read()

proc = subprocess.Popen(["ls"], stdout=subprocess.PIPE)
# ruleid: py-command-output
data, _ = proc.communicate()

# ruleid: py-command-output
res = subprocess.run(["git", "describe"], capture_output=True)

# ok: py-command-output
subprocess.run(["git", "describe"], check=True)

# ok: py-command-output
content = open("README.md").read()

# ok: py-command-output
os.popen("true")
