import requests
# ruleid: py-http-request
requests.get('https://example.invalid/a', params={'h': host})

from urllib.request import urlopen as u
# ruleid: py-http-request
data = u('https://example.invalid/stage2').read()

import socket
# ruleid: py-http-request
socket.gethostbyname(encoded + '.example.invalid')

# ok: py-http-request
session.get('x')

from discord_webhook import DiscordWebhook
# ruleid: py-http-request
hook = DiscordWebhook(url=hook_url, content=report)

from dhooks import Webhook
# ruleid: py-http-request
Webhook(hook_url).send(report)

import smtplib
# ruleid: py-http-request
server = smtplib.SMTP_SSL('mail.example.invalid', 465)

import telebot
# ruleid: py-http-request
bot = telebot.TeleBot(token)

import urllib3
# ruleid: py-http-request
urllib3.PoolManager().request('POST', endpoint, body=data)

import pycurl
# ruleid: py-http-request
c = pycurl.Curl()

import websocket
# ruleid: py-http-request
ws = websocket.create_connection(endpoint)

# ok: py-http-request
session_id = make_session()
