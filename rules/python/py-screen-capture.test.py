from PIL import ImageGrab
# ruleid: py-screen-capture
image = ImageGrab.grab()

import pyautogui
# ruleid: py-screen-capture
pyautogui.screenshot('shot.png')

import mss
# ruleid: py-screen-capture
with mss.mss() as sct:
    sct.shot()

# ok: py-screen-capture
image = Image.open('photo.png')
