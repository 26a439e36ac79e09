; id: js-wallet
; languages: javascript typescript tsx
; capability: crypto-wallet
; severity: low
; tags: wallet
; needles: ethereum, solana, eth_sendTransaction, eth_signTransaction, eth_sign, eth_requestAccounts, re:0x\[, re:\[13\], re:T\[A-Za-z1-9\]
; message: Works with crypto wallets or addresses (window.ethereum, eth_ transactions, address
; message: patterns); combined with a network or clipboard hook this is how funds are redirected.

((member_expression property: (property_identifier) @raw.p) @path.m @match
 (#any-of? @raw.p "request" "send" "sendAsync" "signTransaction")
 (#match? @path.m "^(ethereum|solana|phantom\\.solana)\\.(request|send|sendAsync|signTransaction)$"))

((string) @str.s @match
 (#match? @str.s "^eth_(sendTransaction|signTransaction|sign|requestAccounts)$"))

((regex pattern: (regex_pattern) @raw.re) @match
 (#match? @raw.re "0x\\[a-fA-F0-9\\]\\{40\\}|\\(bc1\\|\\[13\\]\\)|bc1\\[|\\[13\\]\\[a-km-zA-HJ-NP-Z1-9\\]|T\\[A-Za-z1-9\\]\\{33\\}"))
