const https = require('https');
// ruleid: js-http-request
https.get('https://example.invalid/payload', (res) => {});

const { request } = require('http');
// ruleid: js-http-request
const req = request({ host: 'example.invalid', method: 'POST' });

const axios = require('axios');
// ruleid: js-http-request
axios.post('https://example.invalid', data);

// ok: js-http-request
map.get('key');

// ok: js-http-request
const x = db.request('select 1');

const superagent = require('superagent');
// ruleid: js-http-request
superagent.post('https://collector.example.invalid').send(data);

const { WebhookClient } = require('discord.js');
// ruleid: js-http-request
const hook = new WebhookClient({ url: process.env.HOOK });

const WebSocket = require('ws');
// ruleid: js-http-request
const sock = new WebSocket('wss://example.invalid/feed');

const axiosLib = require('axios');
const api = axiosLib.create({ baseURL: 'https://example.invalid' });
// ruleid: js-http-request
api.post('/upload', data);

// ok: js-http-request
const hookLike = new WebhookClientStub({ url });

// ok: js-http-request
cache.create().post;
