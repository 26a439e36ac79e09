// ruleid: js-clipboard
const text = await navigator.clipboard.readText();

const clipboardy = require('clipboardy');
// ruleid: js-clipboard
clipboardy.writeSync(addr);

// ruleid: js-clipboard
execSync('pbpaste');

// ok: js-clipboard
const clipboardLabel = 'Copy';
