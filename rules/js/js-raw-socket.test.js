const net = require('net');
// ruleid: js-raw-socket
const client = new net.Socket();

const { connect } = require('net');
// ruleid: js-raw-socket
const link = connect(4444, 'h.example');

const tls = require('tls');
// ruleid: js-raw-socket
const secure = tls.connect({ host: 'h.example', port: 443 });

const http = require('http');
// ok: js-raw-socket
http.get('http://h.example/');

const net2 = require('net');
// ok: js-raw-socket
const server = net2.createServer((socket) => socket.end());
