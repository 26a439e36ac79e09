; id: py-credential-store
; languages: python
; capability: exfiltration
; severity: medium
; tags: cred-read, stealer-store
; needles: re:Login\x20Data, re:Local\x20State, re:Cookies, re:Web\x20Data, re:leveldb, re:(?i:discord), re:(?i:exodus), re:(?i:electrum), re:wallet, re:keystore, re:nkbihfbeogaeaoehlefnkodbefgpgknn, re:Keychains, re:(?i:keychain), re:tdata, re:logins\.json, re:key4\.db, re:cookies\.sqlite
; message: Builds or opens a path into a credential store that only a stealer needs: browser
; message: profiles (Login Data, Local State, Cookies, Web Data), Discord's Local Storage/leveldb,
; message: cryptocurrency wallets, macOS keychains or Telegram's tdata.
; note: the path must be used: an argument of a call (open, os.path.join, glob, shutil.copy,
; note: sqlite3.connect...) or joined with run-time data (`os.getenv('APPDATA') + '\\discord'`,
; note: f-strings). A comment, a docstring or a string in a list of names is not evidence.

((call function: (_) @path.fn arguments: (argument_list [(string) (concatenated_string)] @str.p)) @match
 (#match? @path.fn "^(open|io\\.open|os\\.path\\.(join|exists|isfile|isdir|expanduser|expandvars|getsize)|os\\.(listdir|walk|scandir|stat|remove)|glob\\.(glob|iglob)|shutil\\.(copy|copy2|copyfile|copytree|make_archive)|sqlite3\\.connect|pathlib\\.Path|zipfile\\.ZipFile\\(\\)\\.write|.*\\.(joinpath|glob|rglob|write))$")
 (#match? @str.p "((^|[/\\\\])(Login Data|Local State|Web Data|Cookies|logins\\.json|key4\\.db|cookies\\.sqlite)$|Local Storage[/\\\\]+leveldb|(^|[/\\\\])(discord|discordcanary|discordptb|Discord)([/\\\\]|$)|(?i)exodus|(?i)electrum|wallet\\.dat|Ethereum[/\\\\]+keystore|nkbihfbeogaeaoehlefnkodbefgpgknn|Keychains|login\\.keychain|\\.keychain-db|tdata$)"))

((binary_operator [(string) (concatenated_string)] @str.p) @match
 (#match? @str.p "((^|[/\\\\])(Login Data|Local State|Web Data|Cookies|logins\\.json|key4\\.db|cookies\\.sqlite)$|Local Storage[/\\\\]+leveldb|(^|[/\\\\])(discord|discordcanary|discordptb|Discord)([/\\\\]|$)|(?i)exodus|(?i)electrum|wallet\\.dat|Ethereum[/\\\\]+keystore|nkbihfbeogaeaoehlefnkodbefgpgknn|Keychains|login\\.keychain|\\.keychain-db|tdata$)"))

((string (interpolation)) @raw.p @match
 (#match? @raw.p "([/\\\\](Login Data|Local State|Web Data|Cookies|logins\\.json|key4\\.db|cookies\\.sqlite)['\"]$|Local Storage[/\\\\]+leveldb|[/\\\\](discord|discordcanary|discordptb|Discord)([/\\\\]|['\"]$)|(?i)exodus|(?i)electrum|wallet\\.dat|Ethereum[/\\\\]+keystore|Keychains|login\\.keychain|tdata['\"]$)"))
