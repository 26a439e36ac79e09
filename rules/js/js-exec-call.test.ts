import cp = require('child_process');
// ruleid: js-exec-call
cp.exec('ls');

import proc = require('node:child_process');
// ruleid: js-exec-call
proc.spawnSync('git', ['status']);

import path = require('path');
// ok: js-exec-call
path.join('a', 'b');

// ok: js-exec-call
exec('ls');
