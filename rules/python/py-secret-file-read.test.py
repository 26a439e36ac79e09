import os
# ruleid: py-secret-file-read
key = open(os.path.expanduser('~/.ssh/id_rsa')).read()

# ruleid: py-secret-file-read
token = open(home + '/.npmrc').read()

# ruleid: py-secret-file-read
creds = open(f'{home}/.aws/credentials').read()

# ok: py-secret-file-read
"""Copy your key to ~/.ssh/id_rsa first."""

# ok: py-secret-file-read
HELP = 'put the token in ~/.pypirc'
