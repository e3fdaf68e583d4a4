// The load generator of bench/overhead.bench.mjs, run as a separate process
// (with an IPC channel). A closed-loop keep-alive HTTP/1.1 client on raw
// sockets: each of C connections sends a request, waits for the whole
// response (Content-Length framed) and sends the next. It costs far less per
// request than an http.Agent client (or autocannon's), so on a 2-core
// machine most of the CPU goes to the app under test.
//
// One process serves many windows, one at a time:
//   parent -> {kind:'window', port, connections, warmupMs, windowMs}
//   child  -> {kind:'window-start'}   after warmupMs of load; counting begins
//   child  -> {kind:'window-end', requests, errors, seconds, latencyMs:{p50,p99,max}}
// and then closes the window's connections.

import { connect } from 'node:net';

const USERS = 500;
const requests = Array.from({ length: USERS }, (_, i) =>
  Buffer.from(`GET /api/orders?user=${i + 1} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n`),
);
const HEADER_END = Buffer.from('\r\n\r\n');
const OK = Buffer.from('HTTP/1.1 200');

let next = 0;

function percentile(sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function runWindow({ port, connections, warmupMs, windowMs }) {
  let counting = false;
  let closing = false;
  let count = 0;
  let errors = 0;
  const latencies = [];
  const sockets = [];

  const open = () => {
    const sock = connect(port, '127.0.0.1');
    sock.setNoDelay(true);
    let buf = null;
    let need = -1;
    let sentAt = 0;
    const send = () => {
      if (closing) return;
      sentAt = performance.now();
      sock.write(requests[next++ % USERS]);
    };
    sock.on('connect', send);
    sock.on('data', (chunk) => {
      buf = buf === null ? chunk : Buffer.concat([buf, chunk]);
      if (need < 0) {
        const end = buf.indexOf(HEADER_END);
        if (end < 0) return;
        const m = /\r\ncontent-length: *(\d+)/.exec(buf.toString('latin1', 0, end).toLowerCase());
        if (m === null) {
          process.stderr.write('load: response without content-length\n');
          process.exit(2);
        }
        need = end + 4 + Number(m[1]);
      }
      if (buf.length < need) return;
      if (buf.compare(OK, 0, OK.length, 0, OK.length) !== 0) errors++;
      if (counting) {
        count++;
        latencies.push(performance.now() - sentAt);
      }
      buf = buf.length > need ? buf.subarray(need) : null;
      need = -1;
      send();
    });
    sock.on('error', (err) => {
      if (!closing) {
        process.stderr.write(`load: ${err.message}\n`);
        process.exit(2);
      }
    });
    sockets.push(sock);
  };

  for (let c = 0; c < connections; c++) open();
  setTimeout(() => {
    errors = 0;
    counting = true;
    const t0 = performance.now();
    process.send({ kind: 'window-start' });
    setTimeout(() => {
      counting = false;
      closing = true;
      const seconds = (performance.now() - t0) / 1000;
      for (const s of sockets) s.destroy();
      const sorted = Float64Array.from(latencies).sort();
      process.send({
        kind: 'window-end',
        requests: count,
        errors,
        seconds,
        latencyMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? 0 },
      });
    }, windowMs);
  }, warmupMs);
}

process.on('message', (msg) => {
  if (msg.kind === 'window') runWindow(msg);
});
process.on('disconnect', () => process.exit(0));
