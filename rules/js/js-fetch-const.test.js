// ruleid: js-fetch-const
fetch('https://example.invalid/stage2.js');

const base = 'https://example.invalid';
// ruleid: js-fetch-const
require('https').get(base + '/payload', (res) => res.pipe(process.stdout));

// A module loader fetches the address its caller names.
function instantiate(url) {
  // ok: js-fetch-const
  return fetch(url, { credentials: 'same-origin' });
}

// ok: js-fetch-const
fetch(request.url);
