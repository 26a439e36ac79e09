# ruleid: sh-download
curl -fsSL https://example.invalid/install.sh -o /tmp/i.sh

# ruleid: sh-download
/usr/bin/wget -q https://example.invalid/x

# ok: sh-download
echo curl
