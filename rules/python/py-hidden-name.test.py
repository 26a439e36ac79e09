# ruleid: py-hidden-name
getattr(__import__('os'), 'startfile')(target)

import os
# ruleid: py-hidden-name
os.__dict__['sys' + 'tem']('id')

import os
# ruleid: py-hidden-name
vars(os)['system']('id')

# ruleid: py-hidden-name
b = globals()['__builtins__']

# ruleid: py-hidden-name
getattr(__builtins__, 'ex' + 'ec')(code)

# ok: py-hidden-name
handler = getattr(self, 'on_' + event)

# ok: py-hidden-name
value = config.__dict__['name']
