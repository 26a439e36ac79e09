const fs = require('fs');
// ruleid: js-chmod
fs.chmodSync(bin, 0o755);

// ok: js-chmod
chmod(bin);
