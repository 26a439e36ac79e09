// ruleid: js-obfuscated-require
const a = global['req' + 'uire']('os');

// ruleid: js-obfuscated-require
const b = module.constructor._load('os');

// ruleid: js-obfuscated-require
const c = process.mainModule.require('os');

const r = require;
// ruleid: js-obfuscated-require
const d = r('os');

// ok: js-obfuscated-require
const e = require('os');

// ok: js-obfuscated-require
const f = globalThis.requireLater('os');
