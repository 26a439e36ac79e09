; id: py-host-info
; languages: python
; capability: -
; severity: none
; tags: host-info
; needles: gethostname(), getfqdn(), getuser(), getlogin(), uname(), node()
; message: Collects host identity (host name, user name); beacons and stealers send it home.

((call function: (_) @path.fn) @match
 (#match? @path.fn "^(socket\\.(gethostname|getfqdn)|getpass\\.getuser|os\\.(getlogin|uname)|platform\\.(node|uname))$"))
