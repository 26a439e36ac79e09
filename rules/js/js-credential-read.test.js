const fs = require('fs');
const path = require('path');
const os = require('os');
// ruleid: js-credential-read
const keyText = fs.readFileSync(path.join(os.homedir(), '.ssh', 'id_rsa'), 'utf8');

const fsa = require('fs');
// ruleid: js-credential-read
const aws = fsa.readFileSync(`${home}/.aws/credentials`, 'utf8');

const fsb = require('fs/promises');
// ruleid: js-credential-read
await fsb.readFile(path.join(os.homedir(), '.npmrc'), 'utf8');

const fsc = require('fs');
// ok: js-credential-read
const readme = fsc.readFileSync(path.join(__dirname, 'README.md'), 'utf8');

// ok: js-credential-read
const hint = 'put your token in ~/.npmrc';

const fsd = require('fs');
// ok: js-credential-read
fsd.writeFileSync(path.join(dir, '.npmrc'), line);
