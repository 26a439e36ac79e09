import subprocess
# ruleid: py-run-tool
subprocess.run(['git', 'describe', '--tags'])

import subprocess
# ruleid: py-run-tool
out = subprocess.check_output(('make', 'all'))

import subprocess
# ok: py-run-tool
subprocess.run(['cmd.exe', '/c', script])

import subprocess
# ok: py-run-tool
subprocess.Popen([downloaded_path])
