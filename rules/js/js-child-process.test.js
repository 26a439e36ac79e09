// ruleid: js-child-process
const cp = require('child_process');

// ruleid: js-child-process
const { exec: run } = require("node:child_process");

// ruleid: js-child-process
import * as proc from 'child_process';

// ruleid: js-child-process
const c = require('chi' + 'ld_process');

// ruleid: js-child-process
const e = require('\x63hild_process');

// ruleid: js-child-process
const m = require(['child', 'process'].join('_'));

// ruleid: js-child-process
const g = global['req' + 'uire']('child_process');

// ruleid: js-child-process
const l = module.constructor._load('child_process');

// ruleid: js-child-process
const pm = process.mainModule.require(`child_process`);

const parts = ['chi', 'ld_', 'process'];
// ruleid: js-child-process
const arr = require(parts[0] + parts[1] + parts[2]);

// ok: js-child-process
const notcp = require('child_process_helper');

// ok: js-child-process
const text = 'child_process';
