// The worker behind fluoro-parts.mjs: starts the requested fluoro parts on the main thread.

import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { parts, runtimeIndex, cpuLock } = workerData;
const load = (file) => import(new URL(file, runtimeIndex).href);
const { mainThreadChannel } = await load('./channel.js');
const { HeapSampler } = await load('./heap-sampler.js');

// No parts: only this idle worker thread, without even an inspector session.
const channel = parts.length > 0 ? mainThreadChannel() : undefined;
const started = [];
let url;
for (const part of parts) {
  if (part === 'heap') started.push(new HeapSampler(channel).start());
  else if (part === 'keeper') started.push(backgroundProfile());
  else if (part === 'session') started.push(channel.post('Runtime.evaluate', { expression: '1' }));
  else if (part === 'listen') started.push(listen());
  else if (part === 'toggle') started.push(toggleServer());
  else if (part === 'heap-amp') started.push(new HeapSampler(channel, { intervalBytes: ampHeapBytes() }).start());
  else if (part === 'cpu-amp') started.push(amplifiedProfile());
  else throw new Error(`unknown part ${part}`);
}
await Promise.all(started);
// The runtime's timers are unref'd (in fluoro/listen the HTTP server keeps the worker alive); do the same here.
setInterval(() => {}, 1 << 30);
parentPort.postMessage({ started: true, url });

// The amplified parts sample more often than fluoro does, so that a per-sample cost too small to see at the
// normal rate becomes large enough to measure; the bench divides it back by the factor.
function ampHeapBytes() {
  return Number(process.env.FLUORO_BENCH_HEAP_BYTES ?? 16 * 1024);
}

// amplifiedProfile runs a CPU profile, as a request for one does, sampling every FLUORO_BENCH_CPU_US
// microseconds instead of 10,000.
async function amplifiedProfile() {
  await channel.post('Profiler.enable');
  await channel.post('Profiler.setSamplingInterval', { interval: Number(process.env.FLUORO_BENCH_CPU_US ?? 500) });
  await channel.post('Profiler.start');
}

// backgroundProfile keeps a 100 Hz profile running, as fluoro once did between requests (a "keeper"), to price
// that design: see bench/RESULTS-overhead.md.
async function backgroundProfile() {
  await channel.post('Profiler.enable');
  await channel.post('Profiler.setSamplingInterval', { interval: 10_000 });
  await channel.post('Runtime.evaluate', { expression: "console.profile('bench-keeper')" });
}

// listen does what packages/runtime/src/listen-worker.ts does.
async function listen() {
  const { adoptCpuLockMemory } = await load('./cpu-lock.js');
  const { createRuntime } = await load('./runtime.js');
  const { handler } = await load('./handler.js');
  adoptCpuLockMemory(cpuLock);
  const runtime = createRuntime(channel, process.argv, 'main-thread');
  await runtime.heap.start();
  const server = createServer(handler({ runtime, logger: { warn: (m) => process.stderr.write(m + '\n') } }));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}/debug/pprof/`;
}

// toggleServer serves POST /on and /off, which turn the parts named in FLUORO_BENCH_TOGGLE (heap: the heap
// sampler at 512 KiB; keeper: a background 100 Hz profile, as fluoro/listen once kept; profile: a requested
// 100 Hz profile) on and off, so bench/toggle.bench.mjs can compare them in one process.
async function toggleServer() {
  const what = (process.env.FLUORO_BENCH_TOGGLE ?? 'heap,keeper').split(',');
  for (const w of what) if (!['heap', 'keeper', 'profile'].includes(w)) throw new Error(`unknown toggle ${w}`);
  await channel.post('HeapProfiler.enable');
  await channel.post('Profiler.enable');
  await channel.post('Profiler.setSamplingInterval', { interval: 10_000 });
  let state = false;
  const set = async (on) => {
    if (on === state) return;
    state = on;
    for (const w of what) {
      if (w === 'heap') await channel.post(on ? 'HeapProfiler.startSampling' : 'HeapProfiler.stopSampling', on ? { samplingInterval: 512 * 1024 } : undefined);
      if (w === 'keeper') await channel.post('Runtime.evaluate', { expression: on ? "console.profile('bench-keeper')" : "console.profileEnd('bench-keeper')" });
      if (w === 'profile') await channel.post(on ? 'Profiler.start' : 'Profiler.stop');
    }
  };
  const server = createServer((req, res) => {
    const on = req.url === '/on';
    if (req.method !== 'POST' || (!on && req.url !== '/off')) return res.writeHead(404).end();
    set(on).then(
      () => res.end('ok'),
      (err) => res.writeHead(500).end(err.message),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}/`;
}
