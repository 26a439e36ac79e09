; id: py-http-request
; languages: python
; capability: network
; severity: low
; tags: net, download
; needles: requests, urllib, urllib2, urlopen(), urlretrieve(), httpx, http, socket
; message: Sends a network request (requests, urllib, httpx, sockets, DNS lookups); data can
; message: leave the machine or a payload can come in.

((call function: (_) @path.fn) @match
 (#match? @path.fn "^(requests\\.(get|post|put|request|Session)|urllib\\.request\\.(urlopen|urlretrieve|Request)|urllib2\\.urlopen|httpx\\.(get|post|Client|AsyncClient)|http\\.client\\.(HTTPConnection|HTTPSConnection)|socket\\.(socket|create_connection|gethostbyname|getaddrinfo))$"))
