import requests
import urllib.request

# ruleid: py-net-send
requests.post("https://collector.example.test/x", data={"k": "v"})

# ruleid: py-net-send
urllib.request.urlopen("http://collector.example.test/x", data=b"payload")

# ruleid: py-net-send
urllib.request.urlopen("http://collector.example.test/x", b"payload")

# ruleid: py-net-send
req = urllib.request.Request("http://collector.example.test/", headers={"X-D": "00"})

# ruleid: py-net-send
requests.Session().put("https://collector.example.test/x", json={"a": 1})

# ok: py-net-send
page = requests.get("https://example.test/index.html", timeout=5)

# ok: py-net-send
body = urllib.request.urlopen("https://example.test/file.tar.gz").read()

# ok: py-net-send
reply = urllib.request.urlopen("https://example.test/v", timeout=2)
