; id: py-net-send
; languages: python
; capability: -
; severity: none
; tags: net-send
; needles: requests, httpx, urllib3, aiohttp, urllib, urlopen(), Request()
; message: A network request that carries data out (a body, form fields, uploaded files or
; message: headers: requests/httpx post(data=..), urlopen(url, data), Request(url, headers=..));
; message: a signal for threats that pair it with what was gathered.

((call function: (_) @path.fn arguments: (argument_list (keyword_argument name: (identifier) @raw.k))) @match
 (#any-of? @raw.k "data" "json" "files" "headers" "content")
 (#match? @path.fn "^(requests|httpx|urllib3|aiohttp)(\\.[A-Za-z_]+\\(\\))?\\.(post|put|patch|request)$|^urllib\\.request\\.(urlopen|Request)$|^urllib3\\.PoolManager\\(\\)\\.request$"))

((call function: (_) @path.fn arguments: (argument_list . (_) . (_) @raw.second)) @match
 (#not-match? @raw.second "^[A-Za-z_][A-Za-z_0-9]*\\s*=")
 (#match? @path.fn "^urllib\\.request\\.(urlopen|Request)$"))
