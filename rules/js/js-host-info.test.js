const os = require('os');
// ruleid: js-host-info
const h = os.hostname();

const { userInfo } = require('node:os');
// ruleid: js-host-info
const u = userInfo().username;

// ok: js-host-info
const t = os.tmpdir();
