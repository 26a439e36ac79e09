const fs = require('fs');
// ruleid: js-fs-write
fs.writeFileSync('/tmp/x', data);

const { createWriteStream: cws } = require('fs');
// ruleid: js-fs-write
const out = cws(target);

// ruleid: js-fs-write
require('fs').promises.writeFile(p, body);

// ok: js-fs-write
fs.readFileSync('/etc/hosts');

// ok: js-fs-write
logger.writeFile(x);
