// ruleid: js-network-module
const https = require('https');

// ruleid: js-network-module
const net = require("node:net");

// ruleid: js-network-module
import http2 from 'http2';

// ruleid: js-network-module
const d = require('dg' + 'ram');

// ruleid: js-network-module
const h = require('\x68ttps');

const r = require;
// ruleid: js-network-module
const t = r(`tls`);

// ruleid: js-network-module
const dns = await import('dns');

// ok: js-network-module
const path = require('path');

// ok: js-network-module
const httpProxy = require('http-proxy-agent-like');

// ok: js-network-module
console.log('http');

// ruleid: js-network-module
const agent = require('superagent');

// ok: js-network-module
const agentName = 'superagent';
