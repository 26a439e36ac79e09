import socket
# ruleid: py-host-info
h = socket.gethostname()

from getpass import getuser
# ruleid: py-host-info
u = getuser()

# ok: py-host-info
x = obj.gethostname

import os
# ruleid: py-host-info
who = os.popen('whoami').read()

import subprocess
# ok: py-host-info
out = subprocess.check_output('identify')
