// The load generator of bench/alloy.bench.mjs, run as a separate process
// with an IPC channel (advanced serialization). It loads several apps at
// once, each with its own closed-loop keep-alive connections
// (closed-loop.mjs), and streams every completed request back so that the parent can look at
// any second of a long run: where bench/apps/load.mjs sums a window up at
// its end, this reports every 250 ms.
//
//   parent -> {kind:'start', targets:[{name, port, connections}]}
//   child  -> {kind:'batch', apps:{NAME:{doneAt: Float64Array, latencyMs: Float32Array, errors}}}
//             every 250 ms; doneAt is wall-clock ms (performance.timeOrigin + now)
//   parent -> {kind:'stop'}: connections close, the process exits

import { openClosedLoop } from './closed-loop.mjs';

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
  const sock = openClosedLoop(port, {
    who: `load-streaming: ${state.name}`,
    counter: state,
    stopped: () => stopping,
    onResponse(ok, now, latencyMs) {
      if (!ok) state.cols.errors++;
      push(state.cols, performance.timeOrigin + now, latencyMs);
    },
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
