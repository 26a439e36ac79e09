; id: py-secret-file-read
; languages: python
; capability: filesystem
; severity: low
; tags: cred-read
; needles: re:\.ssh, re:id_rsa, re:id_ed25519, re:\.aws, re:\.npmrc, re:\.pypirc, re:\.git-credentials, re:\.netrc, re:\.docker, re:\.kube
; message: Opens or builds a path to a developer secret (SSH keys, ~/.aws/credentials, .npmrc,
; message: .pypirc, .git-credentials, .netrc, Docker or Kubernetes configs).
; note: used paths only, as in py-credential-store; tools that read their own configuration
; note: (an SDK reading ~/.aws/credentials) stay low unless something else adds weight.

((call function: (_) @path.fn arguments: (argument_list [(string) (concatenated_string)] @str.p)) @match
 (#match? @path.fn "^(open|io\\.open|os\\.path\\.(join|exists|isfile|isdir|expanduser|expandvars|getsize)|os\\.(listdir|walk|scandir|stat|remove)|glob\\.(glob|iglob)|shutil\\.(copy|copy2|copyfile|copytree|make_archive)|sqlite3\\.connect|pathlib\\.Path|zipfile\\.ZipFile\\(\\)\\.write|.*\\.(joinpath|glob|rglob|write))$")
 (#match? @str.p "(\\.ssh([/\\\\]|$)|(^|[/\\\\])id_(rsa|ed25519|ecdsa)$|\\.aws[/\\\\]+credentials|(^|[/\\\\])\\.(npmrc|pypirc|git-credentials|netrc)$|\\.docker[/\\\\]+config\\.json|\\.kube[/\\\\]+config)"))

((binary_operator [(string) (concatenated_string)] @str.p) @match
 (#match? @str.p "(\\.ssh([/\\\\]|$)|(^|[/\\\\])id_(rsa|ed25519|ecdsa)$|\\.aws[/\\\\]+credentials|(^|[/\\\\])\\.(npmrc|pypirc|git-credentials|netrc)$|\\.docker[/\\\\]+config\\.json|\\.kube[/\\\\]+config)"))

((string (interpolation)) @raw.p @match
 (#match? @raw.p "(\\.ssh[/\\\\]|[/\\\\]id_(rsa|ed25519)['\"]$|\\.aws[/\\\\]+credentials|[/\\\\]\\.(npmrc|pypirc|git-credentials|netrc)['\"]$)"))
