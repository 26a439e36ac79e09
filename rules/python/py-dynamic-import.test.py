# ruleid: py-dynamic-import
m = __import__(name)

import importlib
# ruleid: py-dynamic-import
mod = importlib.import_module(plugin)

# ok: py-dynamic-import
os_ = __import__('os')
