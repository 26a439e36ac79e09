import fs = require('fs');
// ruleid: js-fs-write
fs.writeFileSync(target, data);

import store = require('./store');
// ok: js-fs-write
store.writeFileSync(target, data);
