// A preload (`node --import ./bench/apps/fluoro-parts.mjs app.mjs`) that runs
// only some of what fluoro/listen runs, to price each part on its own:
// FLUORO_BENCH_PARTS=heap (the heap sampler and its 2 s poll), heap-nopoll
// (the sampler, never read), keeper (the background 100 Hz CPU profile),
// session (only the inspector session to the main thread), comma separated;
// none starts only an idle worker thread. Like fluoro/listen
// it drives the main thread's profilers from a worker thread, using the
// runtime's own classes from packages/runtime/dist, but serves no endpoint.

import { isMainThread, Worker } from 'node:worker_threads';

const parts = (process.env.FLUORO_BENCH_PARTS ?? '').split(',').filter(Boolean);
const runtimeIndex = import.meta.resolve('fluoro');
// Workers inherit --import: only the main thread starts the parts.
const worker = isMainThread ? new Worker(new URL('./fluoro-parts-worker.mjs', import.meta.url), {
  workerData: { parts, runtimeIndex },
}) : undefined;
// Like fluoro/listen, do not wait here: the inspector answers the worker only once the app is running.
worker?.once('message', () => {
  worker.unref();
  process.stderr.write(`fluoro-parts: running ${parts.join(', ') || 'nothing'}\n`);
});
worker?.once('error', (err) => process.stderr.write(`fluoro-parts: did not start: ${err.message}\n`));
