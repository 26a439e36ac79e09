const cp = require('child_process');
// ruleid: js-interactive-shell
const shell = cp.spawn('/bin/sh', []);

const { spawn } = require('child_process');
// ruleid: js-interactive-shell
const win = spawn('cmd.exe');

const child = require('child_process');
// ruleid: js-interactive-shell
child.spawn('bash', ['-i'], { stdio: 'pipe' });

const runner = require('child_process');
// ok: js-interactive-shell
runner.spawn('sh', ['-c', 'npm run build'], { stdio: 'inherit' });

const builder = require('child_process');
// ok: js-interactive-shell
builder.spawn('cmd.exe', ['/c', 'build.bat']);

const git = require('child_process');
// ok: js-interactive-shell
git.spawn('git', ['status']);
