// ruleid: js-decode-const
const dir = Buffer.from('Li4vLi4v', 'base64').toString('utf8');

const parts = ['aHR0cHM6', 'Ly9leGFtcGxlLmludmFsaWQ='];
// ruleid: js-decode-const
const url = Buffer.from(parts[0] + parts[1], 'base64');

// ruleid: js-decode-const
const name = atob('cnVzc2lh');

// ruleid: js-decode-const
const word = String.fromCharCode(101, 118, 97, 108);

// ruleid: js-decode-const
const mod = Buffer.from('6368696c645f70726f63657373', 'hex').toString();

// ok: js-decode-const
const archive = Buffer.from(downloaded, 'base64');

// ok: js-decode-const
const text = atob(input);

// ok: js-decode-const
const separator = String.fromCharCode(30);

// ok: js-decode-const
const high = String.fromCharCode((code >> 10) + 0xd800, (code % 0x400) + 0xdc00);

// ok: js-decode-const
const utf8 = Buffer.from('plain text', 'utf8');
