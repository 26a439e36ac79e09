import os
# ruleid: py-credential-store
profile = os.getenv('LOCALAPPDATA') + '\\Google\\Chrome\\User Data\\Default\\Login Data'

import os, shutil
# ruleid: py-credential-store
shutil.copy2(os.path.join(base, 'Local State'), tmp)

import os
roaming = os.getenv('APPDATA')
# ruleid: py-credential-store
store = roaming + '\\discord\\Local Storage\\leveldb'

import glob
# ruleid: py-credential-store
found = glob.glob(f'{home}/Library/Application Support/Exodus/exodus.wallet/*')

# ok: py-credential-store
"""Reads Login Data from the Chrome profile."""

# ok: py-credential-store
NAMES = ['Login Data', 'Cookies']

# ok: py-credential-store
print('Cookies')
