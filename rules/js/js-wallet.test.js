// ruleid: js-wallet
await window.ethereum.request({ method: 'eth_accounts' });

// ruleid: js-wallet
const m = 'eth_sendTransaction';

// ruleid: js-wallet
const eth = /0x[a-fA-F0-9]{40}/g;

// ruleid: js-wallet
const btc = /\b(bc1|[13])[a-zA-HJ-NP-Z0-9]{25,39}\b/g;

// ok: js-wallet
const hex = /0x[0-9a-f]+/;

// ok: js-wallet
const method = 'eth_unknown_x';
