; id: py-dns-exfil
; languages: python
; capability: exfiltration
; severity: medium
; tags: net, dns-exfil
; needles: gethostbyname(), gethostbyname_ex(), getaddrinfo(), resolve(), query()
; message: Looks up a host name built from run-time data (f'{data}.example'): DNS queries carry
; message: the data to whoever runs that domain's name server, past most firewalls.

((call function: (_) @path.fn arguments: (argument_list . [(string (interpolation)) (binary_operator) (call)] @str.host)) @match
 (#match? @path.fn "^(socket\\.(gethostbyname|gethostbyname_ex|getaddrinfo)|dns\\.resolver\\.(resolve|query)|dns\\.resolver\\.Resolver\\(\\)\\.(resolve|query))$")
 (#not-const? @str.host))
