# ruleid: sh-exec-download
chmod +x ./payload

# ruleid: sh-exec-download
chmod 755 bin/tool

# ok: sh-exec-download
chmod 644 README
