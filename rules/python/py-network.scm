; id: py-network
; languages: python
; capability: network
; severity: low
; tags: net
; needles: socket, urllib, urllib2, urllib3, requests, http, httplib, aiohttp, httpx, ftplib, smtplib, telnetlib, websocket, websockets, dns
; message: Imports a network module (socket, urllib, requests, http.client, aiohttp, httpx, ...);
; message: the package can talk to other machines.

((import_statement name: [(dotted_name) @raw.m (aliased_import name: (dotted_name) @raw.m)]) @match
 (#match? @raw.m "^(socket|urllib|urllib\\.request|urllib2|urllib3|requests|http\\.client|httplib|aiohttp|httpx|ftplib|smtplib|telnetlib|websocket|websockets|dns\\.resolver)$"))

((import_from_statement module_name: (dotted_name) @raw.m) @match
 (#match? @raw.m "^(socket|urllib|urllib\\.request|urllib2|urllib3|requests|http\\.client|httplib|aiohttp|httpx|ftplib|smtplib|telnetlib|websocket|websockets|dns\\.resolver)$"))

((call function: (_) @path.fn arguments: (argument_list . (_) @str.m)) @match
 (#any-of? @path.fn "__import__" "importlib.import_module")
 (#match? @str.m "^(socket|urllib\\.request|urllib3|requests|http\\.client|aiohttp|httpx)$"))
