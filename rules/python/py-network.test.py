# ruleid: py-network
import requests

# ruleid: py-network
import urllib.request as ur

# ruleid: py-network
from http.client import HTTPSConnection

# ruleid: py-network
s = __import__('soc' + 'ket')

# ok: py-network
import json

# ok: py-network
from requests_toolbelt_like import x
