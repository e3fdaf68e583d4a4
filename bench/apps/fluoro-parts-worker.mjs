// The worker behind fluoro-parts.mjs: starts the requested fluoro parts on the main thread.

import { parentPort, workerData } from 'node:worker_threads';

const { parts, runtimeIndex } = workerData;
const load = (file) => import(new URL(file, runtimeIndex).href);
const { mainThreadChannel } = await load('./channel.js');
const { HeapSampler } = await load('./heap-sampler.js');
const { CpuProfiler } = await load('./cpu-profiler.js');

// No parts: only this idle worker thread, without even an inspector session.
const channel = parts.length > 0 ? mainThreadChannel() : undefined;
const started = [];
for (const part of parts) {
  if (part === 'heap') started.push(new HeapSampler(channel).start());
  else if (part === 'heap-nopoll') started.push(new HeapSampler(channel, { pollIntervalMs: 2 ** 31 - 1 }).start());
  else if (part === 'session') started.push(channel.post('Runtime.evaluate', { expression: '1' }));
  else if (part === 'keeper') started.push(new CpuProfiler(channel).keepWarm());
  else throw new Error(`unknown part ${part}`);
}
await Promise.all(started);
// The runtime's timers are unref'd (in fluoro/listen the HTTP server keeps the worker alive); do the same here.
setInterval(() => {}, 1 << 30);
parentPort.postMessage('started');
