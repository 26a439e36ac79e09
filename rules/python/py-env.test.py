import os
# ruleid: py-env
key = os.environ['AWS_SECRET_ACCESS_KEY']

# ruleid: py-env
t = os.getenv('GITHUB_TOKEN')

# ok: py-env
environ = {}
