// A preload (`node --import ./bench/apps/fluoro-parts.mjs app.mjs`) that runs
// only some of what fluoro/listen runs, to price each part on its own.
// FLUORO_BENCH_PARTS, comma separated:
//   heap         the heap sampler, never read
//   keeper       a background 100 Hz CPU profile (fluoro kept one until 2026-11-26)
//   session      only an inspector session to the main thread
//   listen       what fluoro/listen runs (heap sampler, /debug/pprof/
//                endpoint); prints `fluoro-parts: serving profiles at URL`
//   heap-amp     the heap sampler every FLUORO_BENCH_HEAP_BYTES (16 KiB) instead of 512 KiB, never read
//   cpu-amp      a CPU profile sampling every FLUORO_BENCH_CPU_US (500) instead of 10,000 us
//   toggle       a control server (POST /on, /off) that turns FLUORO_BENCH_TOGGLE's parts on and off
// and an empty list starts only an idle worker thread. Like fluoro/listen it
// drives the main thread's profilers from a worker thread with the runtime's
// own classes from packages/runtime/dist.

import { isMainThread, Worker } from 'node:worker_threads';

const parts = (process.env.FLUORO_BENCH_PARTS ?? '').split(',').filter(Boolean);
// The runtime's unbundled modules (fluoro's exports point at its bundle, which has no per-part files).
const runtimeIndex = new URL('../../packages/runtime/dist/src/index.js', import.meta.url).href;
const runtimeFile = (file) => import(new URL(file, runtimeIndex).href);

if (isMainThread) {
  let cpuLock;
  if (parts.includes('listen')) {
    // As fluoro/listen does on the main thread: the goroutine/custom profile hook and the shared CPU lock.
    (await runtimeFile('./thread-profiles.js')).threadProfiles();
    cpuLock = (await runtimeFile('./cpu-lock.js')).cpuLockMemory();
  }
  const worker = new Worker(new URL('./fluoro-parts-worker.mjs', import.meta.url), {
    workerData: { parts, runtimeIndex, cpuLock },
    execArgv: [],
  });
  // Like fluoro/listen, do not wait here: the inspector answers the worker only once the app is running.
  worker.once('message', (msg) => {
    worker.unref();
    process.stderr.write(`fluoro-parts: running ${parts.join(', ') || 'nothing'}\n`);
    if (msg.url) process.stderr.write(`fluoro-parts: serving profiles at ${msg.url}\n`);
  });
  worker.once('error', (err) => process.stderr.write(`fluoro-parts: did not start: ${err.message}\n`));
}
