const fs = require('fs');
const path = require('path');
const os = require('os');
// ruleid: js-credential-store-read
const logins = fs.readFileSync(path.join(process.env.LOCALAPPDATA, 'Google', 'Chrome', 'User Data', 'Default', 'Login Data'));

const fsa = require('fs');
// ruleid: js-credential-store-read
const key = fsa.readFileSync(`${appData}/Google/Chrome/User Data/Local State`, 'utf8');

const fsb = require('fs');
// ruleid: js-credential-store-read
const tokens = fsb.readdirSync(path.join(roaming, 'discord', 'Local Storage', 'leveldb'));

const fsc = require('fs');
// ruleid: js-credential-store-read
fsc.copyFileSync(home + '/.electrum/wallets/default_wallet', tmp);

const fsd = require('fs');
// ok: js-credential-store-read
const cfg = fsd.readFileSync(path.join(__dirname, 'config.json'));

const fse = require('fs');
// ok: js-credential-store-read
const cookieJar = fse.readFileSync(cookiesPath);

// ok: js-credential-store-read
const label = 'Login Data';
