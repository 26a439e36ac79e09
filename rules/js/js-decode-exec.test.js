// ruleid: js-decode-exec
eval(atob(payload));

// ruleid: js-decode-exec
eval(Buffer.from(blob, 'base64').toString());

// ruleid: js-decode-exec
eval(Buffer.from(blob, 'hex').toString('utf8'));

const body = Buffer.from(encoded, 'base64').toString('utf8');
// ruleid: js-decode-exec
const run = new Function('require', body);

const vm = require('vm');
const zlib = require('zlib');
const src = zlib.inflateSync(Buffer.from(packed, 'base64')).toString();
// ruleid: js-decode-exec
vm.runInThisContext(src);

// ruleid: js-decode-exec
globalThis['ev' + 'al'](String.fromCharCode.apply(null, codes));

// ruleid: js-decode-exec
(0, eval)(decodeURIComponent(escape(atob(data))));

// ok: js-decode-exec
eval(source);

// ok: js-decode-exec
const text = Buffer.from(input, 'base64').toString();
console.log(text);

// ok: js-decode-exec
const plain = Buffer.from(name, 'utf8').toString();
eval(plain);

// ok: js-decode-exec
JSON.parse(atob(token.split('.')[1]));
