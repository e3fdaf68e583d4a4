// One closed-loop keep-alive HTTP/1.1 connection on a raw socket, shared by
// the bench load generators (load.mjs, load-streaming.mjs): it sends a
// GET /api/orders request, waits for the whole response (Content-Length
// framed) and sends the next. It costs far less per request than an
// http.Agent client, so on a 2-core machine most CPU goes to the app.

import { connect } from 'node:net';

const USERS = 500;
const REQUESTS = Array.from({ length: USERS }, (_, i) =>
  Buffer.from(`GET /api/orders?user=${i + 1} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n`),
);
const HEADER_END = Buffer.from('\r\n\r\n');
const OK = Buffer.from('HTTP/1.1 200');

/**
 * openClosedLoop connects to 127.0.0.1:port and keeps one request in flight
 * until stopped() says otherwise. For each whole response it calls
 * onResponse(ok, now, latencyMs), now being performance.now(). A socket error
 * while not stopped ends the process, naming `who`; so does a response
 * without Content-Length. `counter.next` picks the next user, shared by the
 * caller's connections.
 */
export function openClosedLoop(port, { who, counter, stopped, onResponse }) {
  const sock = connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  let buf = null;
  let need = -1;
  let sentAt = 0;
  const send = () => {
    if (stopped()) return;
    sentAt = performance.now();
    sock.write(REQUESTS[counter.next++ % USERS]);
  };
  sock.on('connect', send);
  sock.on('data', (chunk) => {
    buf = buf === null ? chunk : Buffer.concat([buf, chunk]);
    if (need < 0) {
      const end = buf.indexOf(HEADER_END);
      if (end < 0) return;
      const m = /\r\ncontent-length: *(\d+)/.exec(buf.toString('latin1', 0, end).toLowerCase());
      if (m === null) {
        process.stderr.write(`${who}: response without content-length\n`);
        process.exit(2);
      }
      need = end + 4 + Number(m[1]);
    }
    if (buf.length < need) return;
    const now = performance.now();
    onResponse(buf.compare(OK, 0, OK.length, 0, OK.length) === 0, now, now - sentAt);
    buf = buf.length > need ? buf.subarray(need) : null;
    need = -1;
    send();
  });
  sock.on('error', (err) => {
    if (stopped()) return;
    process.stderr.write(`${who}: ${err.message}\n`);
    process.exit(2);
  });
  return sock;
}
