; id: py-host-info
; languages: python
; capability: -
; severity: none
; tags: host-info
; needles: gethostname(), getfqdn(), getuser(), getlogin(), uname(), node(), system(), popen(), subprocess, getoutput()
; message: Collects host identity (host name, user name, also by running whoami, hostname, id or
; message: uname); beacons and stealers send it home.

((call function: (_) @path.fn) @match
 (#match? @path.fn "^(socket\\.(gethostname|getfqdn)|getpass\\.getuser|os\\.(getlogin|uname)|platform\\.(node|uname))$"))

((call function: (_) @path.fn arguments: (argument_list . (_) @str.cmd)) @match
 (#match? @str.cmd "^\\s*(whoami|hostname|id|uname(\\s+-[a-z]+)?)\\s*$")
 (#match? @path.fn "^(os\\.(system|popen)|subprocess\\.(run|call|check_output|getoutput|Popen))$"))
