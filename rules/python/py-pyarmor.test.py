# ruleid: py-pyarmor
from pytransform import pyarmor_runtime

# ruleid: py-pyarmor
pyarmor_runtime()

# ruleid: py-pyarmor
__pyarmor__(__name__, __file__, b'PYARMOR\x00\x00')

# ok: py-pyarmor
armor_level = 3
