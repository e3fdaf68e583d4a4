// The load generator of bench/overhead.bench.mjs, run as a separate process
// (with an IPC channel): C closed-loop keep-alive connections on raw sockets
// (closed-loop.mjs), cheaper per request than an http.Agent client (or
// autocannon's), so on a 2-core machine most of the CPU goes to the app.
//
// One process serves many windows, one at a time:
//   parent -> {kind:'window', port, connections, warmupMs, windowMs}
//   child  -> {kind:'window-start'}   after warmupMs of load; counting begins
//   child  -> {kind:'window-end', requests, errors, seconds, latencyMs:{p50,p99,max}}
// and then closes the window's connections.

import { openClosedLoop } from './closed-loop.mjs';

const counter = { next: 0 };

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
    const sock = openClosedLoop(port, {
      who: 'load',
      counter,
      stopped: () => closing,
      onResponse(ok, _now, latencyMs) {
        if (!ok) errors++;
        if (counting) {
          count++;
          latencies.push(latencyMs);
        }
      },
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
