; id: py-http-request
; languages: python
; capability: network
; severity: low
; tags: net, download
; needles: requests, urllib, urllib2, urllib3, urlopen(), urlretrieve(), httpx, http, socket, aiohttp, pycurl, websocket, create_connection(), WebSocketApp(), DiscordWebhook(), Webhook(), smtplib, SMTP(), SMTP_SSL(), telebot, TeleBot(), telegram, Bot(), ftplib, FTP()
; message: Sends a network request (requests, urllib, urllib3, httpx, aiohttp, pycurl, websocket,
; message: sockets, DNS lookups, Discord webhooks, SMTP, Telegram bots); data can leave the machine
; message: or a payload can come in.

((call function: (_) @path.fn) @match
 (#match? @path.fn "^(requests\\.(get|post|put|patch|delete|head|request|Session|session)|requests\\.(Session|session)\\(\\)\\.(get|post|put|request)|urllib\\.request\\.(urlopen|urlretrieve|Request)|urllib\\.(urlopen|urlretrieve)|urllib2\\.urlopen|urllib3\\.(PoolManager|request|HTTPConnectionPool|HTTPSConnectionPool)|urllib3\\.PoolManager\\(\\)\\.(request|urlopen)|httpx\\.(get|post|put|request|stream|Client|AsyncClient)|aiohttp\\.(ClientSession|request)|http\\.client\\.(HTTPConnection|HTTPSConnection)|socket\\.(socket|create_connection|gethostbyname|getaddrinfo)|pycurl\\.Curl|websocket\\.(create_connection|WebSocketApp|WebSocket)|websockets\\.connect|discord_webhook\\.DiscordWebhook|dhooks\\.Webhook|discord\\.(Webhook|SyncWebhook)\\.from_url|smtplib\\.(SMTP|SMTP_SSL)|telebot\\.TeleBot|telegram\\.Bot|ftplib\\.(FTP|FTP_TLS))$"))
