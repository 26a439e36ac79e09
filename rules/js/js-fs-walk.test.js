const fs = require('fs');
// ruleid: js-fs-walk
for (const f of fs.readdirSync(dir)) visit(f);

// ok: js-fs-walk
fs.readFileSync(file);
