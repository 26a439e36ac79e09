// ruleid: js-decode
const code = Buffer.from(blob, 'base64').toString();

// ruleid: js-decode
const s = atob(data);

const crypto = require('crypto');
// ruleid: js-decode
const d = crypto.createDecipher('aes256', key);

// ok: js-decode
const b = Buffer.from(text, 'utf8');

// ok: js-decode
const h = crypto.createHash('sha256');
