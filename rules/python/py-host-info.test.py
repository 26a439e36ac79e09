import socket
# ruleid: py-host-info
h = socket.gethostname()

from getpass import getuser
# ruleid: py-host-info
u = getuser()

# ok: py-host-info
x = obj.gethostname
