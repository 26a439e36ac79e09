// ruleid: js-fetch
fetch('https://example.invalid/x');

// ruleid: js-fetch
globalThis['fe' + 'tch'](url, { method: 'POST', body });

// ruleid: js-fetch
const xhr = new XMLHttpRequest();

// ok: js-fetch
client.fetch(url);

// ok: js-fetch
const fetchUser = () => null;
