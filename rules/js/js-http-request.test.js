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
