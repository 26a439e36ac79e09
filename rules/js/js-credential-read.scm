; id: js-credential-read
; languages: javascript typescript tsx
; capability: filesystem
; severity: low
; tags: cred-read, cred-file
; needles: readFile(), readFileSync(), createReadStream(), copyFile(), copyFileSync(), readJson(), readJsonSync()
; message: Reads a credential file: an SSH private key, cloud credentials (.aws/credentials,
; message: gcloud, .kube/config, .docker/config.json), registry tokens (.npmrc, .pypirc) or
; message: stored git/netrc passwords. Tools do this for their own service; next to network use
; message: in the same code it is exfiltration.

((call_expression
   function: (_) @path.fn
   arguments: (arguments . (_) @raw.arg)) @match
 (#match? @path.fn "^(fs|fs/promises|fs-extra|graceful-fs)\\.(promises\\.)?(readFile|readFileSync|createReadStream|copyFile|copyFileSync|readJson|readJsonSync)$")
 (#match? @raw.arg "['\"`/\\\\](\\.ssh['\"`/\\\\]|id_rsa|id_ed25519|id_ecdsa|\\.aws['\"`/\\\\]|credentials['\"`]|\\.npmrc|\\.pypirc|\\.git-credentials|\\.netrc|\\.kube['\"`/\\\\]|\\.docker['\"`/\\\\]|gcloud['\"`/\\\\]|\\.bash_history|\\.zsh_history)"))
