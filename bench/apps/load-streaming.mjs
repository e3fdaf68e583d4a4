// The load generator of bench/alloy.bench.mjs, run as a separate process
// with an IPC channel (advanced serialization). It loads several apps at
// once, each with its own closed-loop keep-alive connections on raw sockets
// (a request, the whole Content-Length-framed response, the next request),
// and streams every completed request back so that the parent can look at
// any second of a long run: where bench/apps/load.mjs sums a window up at
// its end, this reports every 250 ms.
//
//   parent -> {kind:'start', targets:[{name, port, connections}]}
//   child  -> {kind:'batch', apps:{NAME:{doneAt: Float64Array, latencyMs: Float32Array, errors}}}
//             every 250 ms; doneAt is wall-clock ms (performance.timeOrigin + now)
//   parent -> {kind:'stop'}: connections close, the process exits

import { connect } from 'node:net';

const USERS = 500;
const REQUESTS = Array.from({ length: USERS }, (_, i) =>
  Buffer.from(`GET /api/orders?user=${i + 1} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n`),
);
const HEADER_END = Buffer.from('\r\n\r\n');
const OK = Buffer.from('HTTP/1.1 200');
const BATCH_MS = 250;

let stopping = false;
const sockets = [];

/** Growable columns of one app's completed requests since the last batch. */
function newColumns() {
  return { doneAt: new Float64Array(4096), latencyMs: new Float32Array(4096), n: 0, errors: 0 };
}

function push(cols, doneAt, latencyMs) {
  if (cols.n === cols.doneAt.length) {
    const d = new Float64Array(cols.n * 2);
    d.set(cols.doneAt);
    const l = new Float32Array(cols.n * 2);
    l.set(cols.latencyMs);
    cols.doneAt = d;
    cols.latencyMs = l;
  }
  cols.doneAt[cols.n] = doneAt;
  cols.latencyMs[cols.n] = latencyMs;
  cols.n++;
}

function openConnection(port, state) {
  const sock = connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  let buf = null;
  let need = -1;
  let sentAt = 0;
  const send = () => {
    if (stopping) return;
    sentAt = performance.now();
    sock.write(REQUESTS[state.next++ % USERS]);
  };
  sock.on('connect', send);
  sock.on('data', (chunk) => {
    buf = buf === null ? chunk : Buffer.concat([buf, chunk]);
    if (need < 0) {
      const end = buf.indexOf(HEADER_END);
      if (end < 0) return;
      const m = /\r\ncontent-length: *(\d+)/.exec(buf.toString('latin1', 0, end).toLowerCase());
      if (m === null) {
        process.stderr.write('load-streaming: response without content-length\n');
        process.exit(2);
      }
      need = end + 4 + Number(m[1]);
    }
    if (buf.length < need) return;
    const now = performance.now();
    if (buf.compare(OK, 0, OK.length, 0, OK.length) !== 0) state.cols.errors++;
    push(state.cols, performance.timeOrigin + now, now - sentAt);
    buf = buf.length > need ? buf.subarray(need) : null;
    need = -1;
    send();
  });
  sock.on('error', (err) => {
    if (stopping) return;
    process.stderr.write(`load-streaming: ${state.name}: ${err.message}\n`);
    process.exit(2);
  });
  sockets.push(sock);
}

function start(targets) {
  const states = targets.map((t) => ({ name: t.name, next: 0, cols: newColumns() }));
  targets.forEach((t, i) => {
    for (let c = 0; c < t.connections; c++) openConnection(t.port, states[i]);
  });
  setInterval(() => {
    const apps = {};
    for (const s of states) {
      const { doneAt, latencyMs, n, errors } = s.cols;
      apps[s.name] = { doneAt: doneAt.slice(0, n), latencyMs: latencyMs.slice(0, n), errors };
      s.cols = newColumns();
    }
    process.send({ kind: 'batch', apps });
  }, BATCH_MS);
}

process.on('message', (msg) => {
  if (msg.kind === 'start') start(msg.targets);
  if (msg.kind === 'stop') {
    stopping = true;
    for (const s of sockets) s.destroy();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
