const cp = require('child_process');
// ruleid: js-hidden-name
cp['ex' + 'ec']('id');

const proc = require('child_process');
// ruleid: js-hidden-name
proc[['sp', 'awn'].join('')]('sh', ['-c', 'id']);

// ruleid: js-hidden-name
global['ev' + 'al']('1 + 1');

const runner = require('child_process');
// ruleid: js-hidden-name
Reflect.get(runner, 'spawn')('sh', ['-c', 'id']);

const launcher = require('child_process');
// ruleid: js-hidden-name
Reflect.apply(launcher.exec, launcher, ['id']);

// ruleid: js-hidden-name
Function('return process')().mainModule.require('child_process').execSync('id');

// ruleid: js-hidden-name
new Function('return require')()('child_process').execSync('id');

// ruleid: js-hidden-name
require('child_' + 'process').execSync('id');

// ruleid: js-hidden-name
require(String.fromCharCode(99, 104, 105, 108, 100, 95, 112, 114, 111, 99, 101, 115, 115)).exec('id');

const hiddenName = String.fromCharCode(99, 104, 105, 108, 100, 95, 112, 114, 111, 99, 101, 115, 115);
// ruleid: js-hidden-name
require(hiddenName).exec('id');

// ruleid: js-hidden-name
import('child_' + 'process').then((m) => m.execSync('id'));

const plain = require('child_process');
// ok: js-hidden-name
plain['exec']('ls');

const pattern = /a(b)/;
// ok: js-hidden-name
pattern['ex' + 'ec']('ab');

// ok: js-hidden-name
const root = Function('return this')();

// ok: js-hidden-name
const plugin = require('./plugins/' + name);

const handler = {
  get(target, key, receiver) {
    // ok: js-hidden-name
    return Reflect.get(target, key, receiver);
  },
};

function call(fn, args) {
  // ok: js-hidden-name
  return Reflect.apply(fn, this, args);
}

const fsName = 'fs';
// ok: js-hidden-name
const nodeFs = require(fsName);
