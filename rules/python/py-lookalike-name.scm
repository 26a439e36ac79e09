; id: py-lookalike-name
; languages: python
; capability: obfuscation
; severity: medium
; tags: obfuscated, unicode
; needles: re:[\x{1D400}-\x{1D6A3}\x{1D7CE}-\x{1D7FF}\x{FF10}-\x{FF5A}\x{210A}-\x{2149}\x{017F}\x{FB01}\x{FB02}]
; message: An identifier spelled with look-alike letters (mathematical or fullwidth letters) that
; message: Python folds to plain ASCII (NFKC): `𝐞𝐱𝐞𝐜` runs exec. Only written to hide a name.

((identifier) @raw.id @match
 (#match? @raw.id "[\\x{1D400}-\\x{1D6A3}\\x{1D7CE}-\\x{1D7FF}\\x{FF10}-\\x{FF5A}\\x{210A}-\\x{2149}\\x{017F}\\x{FB01}\\x{FB02}]"))
