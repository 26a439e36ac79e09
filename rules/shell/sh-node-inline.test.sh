# ruleid: sh-node-inline
node -e "require('child_process').exec(process.argv[1])"

# ruleid: sh-node-inline
eval "$(echo aWQ= | base64 -d)"

# ok: sh-node-inline
node scripts/build.js
