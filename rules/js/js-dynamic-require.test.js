// ruleid: js-dynamic-require
const mod = require(name);

// ruleid: js-dynamic-require
const plugin = await import(pluginPath);

// ruleid: js-dynamic-require
const x = require(path.join(__dirname, file));

// ok: js-dynamic-require
const fs = require('fs');

// ok: js-dynamic-require
const y = require('./lib/' + 'util');

// ok: js-dynamic-require
const z = await import('./static.js');
