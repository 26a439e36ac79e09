; id: py-env-dump
; languages: python
; capability: env
; severity: medium
; tags: env-dump, env-read
; needles: environ
; message: Serialises the whole environment (dict(os.environ), json.dumps(os.environ), ...):
; message: every secret in it can be sent away at once. Also the environment itself handed to a
; message: request as its body, form fields or headers (requests.post(url, data=os.environ)).

((call function: (_) @path.fn arguments: (argument_list . (_) @path.arg)) @match
 (#any-of? @path.fn "dict" "str" "repr" "json.dumps" "base64.b64encode" "list" "urllib.parse.urlencode")
 (#eq? @path.arg "os.environ"))

((call function: (attribute object: (_) @path.obj attribute: (identifier) @raw.m)) @match
 (#any-of? @raw.m "items" "copy")
 (#eq? @path.obj "os.environ"))

((keyword_argument name: (identifier) @raw.k value: (_) @path.arg) @match
 (#any-of? @raw.k "data" "json" "params" "headers" "files")
 (#eq? @path.arg "os.environ"))
