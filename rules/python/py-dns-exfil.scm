; id: py-dns-exfil
; languages: python
; capability: exfiltration
; severity: medium
; tags: net, dns-exfil
; needles: gethostbyname(), gethostbyname_ex(), getaddrinfo(), resolve(), query(), system(), popen(), subprocess
; message: Looks up a host name built from run-time data (f'{data}.example'): DNS queries carry
; message: the data to whoever runs that domain's name server, past most firewalls. Also ping,
; message: nslookup, dig or host started with such a name (os.system('ping %s' % name)).

((call function: (_) @path.fn arguments: (argument_list . [(string (interpolation)) (binary_operator) (call)] @str.host)) @match
 (#match? @path.fn "^(socket\\.(gethostbyname|gethostbyname_ex|getaddrinfo)|dns\\.resolver\\.(resolve|query)|dns\\.resolver\\.Resolver\\(\\)\\.(resolve|query))$")
 (#not-const? @str.host))

((call function: (_) @path.fn arguments: (argument_list . [(binary_operator) (string (interpolation))] @raw.cmd @str.cmd)) @match
 (#not-const? @str.cmd)
 (#match? @raw.cmd "^[fFrR]{0,2}[\"'](ping|nslookup|dig|host)\\s+(-[a-zA-Z]+\\s+([0-9]+\\s+)?)*([{%]|[\"']\\s*[+%])")
 (#match? @path.fn "^(os\\.(system|popen)|subprocess\\.(run|call|check_call|check_output|Popen|getoutput))$"))
