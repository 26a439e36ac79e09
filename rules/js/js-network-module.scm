; id: js-network-module
; languages: javascript typescript tsx
; capability: network
; severity: low
; tags: net
; needles: q:http, q:https, q:http2, q:net, q:tls, q:dgram, q:dns, q:dns/promises, q:undici, q:axios, q:node-fetch, q:got, q:request, q:ws, q:socket.io-client, q:superagent, q:needle, q:discord.js
; message: Loads a network module (http, https, http2, net, tls, dgram, dns or a common HTTP
; message: client, superagent, needle, discord.js); the package can talk to other machines.
; note: require/import of a constant name, however it is spelled (concatenation, escapes,
; note: aliases of require, import()); the resolver folds the argument.

((call_expression
   arguments: (arguments . (_) @str.mod)) @match @path.call
 (#match? @str.mod "^(node:)?(http|https|http2|net|tls|dgram|dns|dns/promises|undici|axios|node-fetch|got|request|ws|socket\\.io-client|superagent|needle|discord\\.js)$")
 (#match? @path.call "^(http|https|http2|net|tls|dgram|dns|dns/promises|undici|axios|node-fetch|got|request|ws|socket\\.io-client|superagent|needle|discord\\.js)$"))

((import_statement source: (string) @str.mod) @match
 (#match? @str.mod "^(node:)?(http|https|http2|net|tls|dgram|dns|dns/promises|undici|axios|node-fetch|got|request|ws|socket\\.io-client|superagent|needle|discord\\.js)$"))
