; id: js-credential-store-read
; languages: javascript typescript tsx
; capability: exfiltration
; severity: medium
; tags: cred-store, cred-read
; needles: readFile(), readFileSync(), createReadStream(), copyFile(), copyFileSync(), readdir(), readdirSync(), readJson(), readJsonSync(), cp(), cpSync()
; message: Reads a credential store of another program: a browser profile's saved logins,
; message: cookies or encryption key (Login Data, Cookies, Local State), Discord's or a
; message: browser's Local Storage leveldb, a crypto wallet or a keychain. Only stealers read
; message: these; with any network use in the package it is exfiltration.
; note: the store's name must be a string piece of the path given to the read (a comment or a
; note: string that merely names the path is not a read).

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (_) @raw.arg)) @match
 (#match? @path.fn "^(fs|fs/promises|fs-extra|graceful-fs)\\.(promises\\.)?(readFile|readFileSync|createReadStream|copyFile|copyFileSync|readdir|readdirSync|readJson|readJsonSync|cp|cpSync)$")
 (#match? @raw.arg "['\"`/\\\\](Login Data|Local State|Cookies|Web Data|Local Storage|leveldb|wallet\\.dat|\\.electrum|Exodus|exodus\\.wallet|keystore|Keychains|login\\.keychain|Ethereum|Electrum|Coinomi|Guarda|discord|discordcanary|discordptb|Telegram Desktop|tdata)['\"`/\\\\]"))
