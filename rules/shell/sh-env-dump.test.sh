# ruleid: sh-env-dump
printenv | base64

# ruleid: sh-env-dump
env > /tmp/e

# ok: sh-env-dump
env NODE_ENV=production node build.js
