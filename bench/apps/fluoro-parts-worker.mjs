// The worker behind fluoro-parts.mjs: starts the requested fluoro parts on the main thread.

import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { parts, runtimeIndex, pollMs, cpuLock } = workerData;
const load = (file) => import(new URL(file, runtimeIndex).href);
const { mainThreadChannel } = await load('./channel.js');
const { HeapSampler } = await load('./heap-sampler.js');
const { CpuProfiler } = await load('./cpu-profiler.js');

const NEVER = 2 ** 31 - 1; // setInterval's longest delay
// No parts: only this idle worker thread, without even an inspector session.
const channel = parts.length > 0 ? mainThreadChannel() : undefined;
const started = [];
let url;
for (const part of parts) {
  if (part === 'heap') started.push(new HeapSampler(channel).start());
  else if (part === 'heap-nopoll') started.push(new HeapSampler(channel, { pollIntervalMs: NEVER }).start());
  else if (part === 'keeper') started.push(new CpuProfiler(channel).keepWarm());
  else if (part === 'session') started.push(channel.post('Runtime.evaluate', { expression: '1' }));
  else if (part === 'listen') started.push(listen());
  else throw new Error(`unknown part ${part}`);
}
await Promise.all(started);
// The runtime's timers are unref'd (in fluoro/listen the HTTP server keeps the worker alive); do the same here.
setInterval(() => {}, 1 << 30);
parentPort.postMessage({ started: true, url });

// listen does what packages/runtime/src/listen-worker.ts does, with the heap poll interval as a knob.
async function listen() {
  const { adoptCpuLockMemory } = await load('./cpu-lock.js');
  const { createRuntime } = await load('./runtime.js');
  const { handler } = await load('./handler.js');
  adoptCpuLockMemory(cpuLock);
  const runtime = createRuntime(channel, process.argv, 'main-thread', { pollIntervalMs: pollMs > 0 ? pollMs : NEVER });
  await Promise.all([runtime.heap.start(), runtime.cpu.keepWarm()]);
  const server = createServer(handler({ runtime, logger: { warn: (m) => process.stderr.write(m + '\n') } }));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}/debug/pprof/`;
}
