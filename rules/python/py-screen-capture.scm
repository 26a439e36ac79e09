; id: py-screen-capture
; languages: python
; capability: exfiltration
; severity: medium
; tags: screen-capture
; needles: ImageGrab, screenshot(), mss, pyscreenshot, grabWindow(), BitBlt()
; message: Captures the screen (PIL.ImageGrab, pyautogui, mss, pyscreenshot, Qt grabWindow): what
; message: the user sees, passwords and messages included, can be sent away.

((call function: (_) @path.fn) @match
 (#match? @path.fn "^(PIL\\.ImageGrab\\.grab|ImageGrab\\.grab|pyautogui\\.screenshot|pyscreeze\\.screenshot|pyscreenshot\\.grab|mss\\.mss|mss\\.mss\\(\\)\\.(grab|shot)|mss\\.mss\\(\\)\\.__enter__|.*\\.grabWindow|win32gui\\.BitBlt|.*\\.BitBlt)$"))
