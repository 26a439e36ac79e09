const fs = require('fs');
// ruleid: js-destructive-delete
fs.rmSync(process.cwd(), { recursive: true, force: true });

const os = require('os');
const fs2 = require('fs');
// ruleid: js-destructive-delete
fs2.rmSync(os.homedir(), { recursive: true });

const rimraf = require('rimraf');
// ruleid: js-destructive-delete
rimraf.sync('/');

const fs3 = require('fs');
// ruleid: js-destructive-delete
fs3.rm('C:\\', { recursive: true }, () => {});

const path = require('path');
const fs4 = require('fs');
// ok: js-destructive-delete
fs4.rmSync(path.join(process.cwd(), 'dist'), { recursive: true, force: true });

const fs5 = require('fs');
// ok: js-destructive-delete
fs5.rmSync(tmpDir, { recursive: true });
