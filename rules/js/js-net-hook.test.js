const orig = window.fetch;
// ruleid: js-net-hook
window.fetch = async (...a) => rewrite(await orig(...a));

// ruleid: js-net-hook
XMLHttpRequest.prototype.open = function (m, u) { return open.call(this, m, u); };

// ruleid: js-net-hook
window.ethereum.request = hijack;

// ok: js-net-hook
const f = window.fetch;

// ok: js-net-hook
this.fetch = fetcher;
