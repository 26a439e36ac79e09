const { spawn } = require('child_process');
// ruleid: js-detached-process
const child = spawn(process.execPath, ['worker.js'], { detached: true, stdio: 'ignore' });
child.unref();

const cp = require('child_process');
// ruleid: js-detached-process
cp.spawn('cmd.exe', ['/c', script], { stdio: 'ignore', windowsHide: true });

const cp2 = require('child_process');
// ruleid: js-detached-process
cp2.exec(cmd, { windowsHide: true, stdio: 'ignore' });

const cp3 = require('child_process');
// ok: js-detached-process
cp3.spawn('git', ['status'], { stdio: 'inherit' });

const cp4 = require('child_process');
// ok: js-detached-process
cp4.spawn('node', ['build.js'], { windowsHide: true, stdio: 'inherit' });

// ok: js-detached-process
const opts = { detached: true };
