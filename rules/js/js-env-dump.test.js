// ruleid: js-env-dump
const body = JSON.stringify(process.env);

const qs = require('querystring');
// ruleid: js-env-dump
const q = qs.stringify(process.env);

// ruleid: js-env-dump
for (const [k, v] of Object.entries(global.process.env)) send(k, v);

// ok: js-env-dump
spawn('node', args, { env: { ...process.env, FORCE_COLOR: '1' } });

// ok: js-env-dump
const s = JSON.stringify(process.env.NODE_ENV);

// ruleid: js-env-dump
const packed = JSON.stringify({ env: process.env, cwd: process.cwd() });
