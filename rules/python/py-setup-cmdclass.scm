; id: py-setup-cmdclass
; languages: python
; capability: install-scripts
; severity: medium
; tags: install-script
; needles: cmdclass
; message: setup.py replaces pip's install, develop, build or egg_info command with its own class:
; message: that code runs when the package is installed from source.

((keyword_argument name: (identifier) @raw.k value: (dictionary (pair key: (_) @str.cmd))) @match
 (#eq? @raw.k "cmdclass")
 (#any-of? @str.cmd "install" "develop" "egg_info" "build_py" "build" "build_ext" "sdist" "bdist_wheel"))
