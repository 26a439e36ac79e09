const crypto = require('crypto');
// ruleid: js-checksum
const actual = crypto.createHash('sha256').update(buf).digest('hex');

// ok: js-checksum
const legacy = crypto.createHash('md5');
