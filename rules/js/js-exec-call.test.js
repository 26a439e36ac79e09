const cp = require('child_process');
// ruleid: js-exec-call
cp.exec('ls');

const { spawn: s } = require('child_process');
// ruleid: js-exec-call
s('git', ['status']);

const cp2 = require('child_process');
// ruleid: js-exec-call
cp2['ex' + 'ec'](cmd);

// ok: js-exec-call
/a+/.exec(str);

// ok: js-exec-call
db.exec('select');

const cpScoped = require('child_process');
function shadow() {
  const cpScoped = { exec() {} };
  // ok: js-exec-call
  cpScoped.exec('not a process');
}
// ruleid: js-exec-call
cpScoped.exec('ls');
