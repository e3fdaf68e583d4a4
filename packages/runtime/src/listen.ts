// `import 'fluoro/listen'`, fluoro's `import _ "net/http/pprof"`: serves
// /debug/pprof/ on its own listener (127.0.0.1:6060 unless FLUORO_ADDR says
// otherwise), never on the application's servers. The listener runs in a
// worker thread that drives the main thread's profilers through the
// inspector, so it keeps answering while the main thread is busy.

import { isMainThread, threadId, Worker } from 'node:worker_threads';
import { cpuLockMemory } from './cpu-lock.js';
import { startHeapSampling } from './heap-start.js';
import { trackAsync } from './async-tracker.js';
import { setBlockProfileRate, setMutexProfileFraction } from './loop-waits.js';
import { listenConfig } from './listen-config.js';
import { threadProfiles } from './thread-profiles.js';
import type { SharedTraceMemory } from './trace/listener-tracer.js';
import { installTraceRecorder } from './trace/recorder-hook.js';
import { THREAD_MARK } from './worker-threads.js';

/** ASYNC_DUTY_CYCLE is the share of each second FLUORO_ASYNC=1 tracks async operations in. */
export const ASYNC_DUTY_CYCLE = 0.05;

/** ListenerMessage is what the listener worker reports to the main thread. */
export type ListenerMessage = { kind: 'listening'; url: string } | { kind: 'error'; message: string };

/** ready resolves with the endpoint's URL, or with undefined when the listener could not start (the reason is on stderr). */
export const ready: Promise<string | undefined> = start();

function start(): Promise<string | undefined> {
  // Before anything else, so the thread's first allocations are sampled.
  try {
    startHeapSampling();
  } catch (err) {
    process.stderr.write(`fluoro: ${(err as Error).message}; heap profiles will start when the listener does\n`);
  }
  // `node --import fluoro/listen` also runs in every worker thread the app
  // starts; only the main thread's copy serves. A worker marks itself so the
  // listener includes it in CPU and heap profiles (worker-threads.ts).
  if (!isMainThread) {
    (globalThis as Record<symbol, unknown>)[Symbol.for(THREAD_MARK)] = `worker-${threadId}`;
    return Promise.resolve(undefined);
  }
  // The goroutine and custom profiles live on this thread; the listener reads them from here, and traces it.
  threadProfiles();
  // FLUORO_ASYNC=1 tracks in windows (a twentieth of each second), `continuous` all the time, `all` with every stack.
  if (process.env.FLUORO_ASYNC === '1') trackAsync({ dutyCycle: ASYNC_DUTY_CYCLE });
  if (process.env.FLUORO_ASYNC === 'continuous') trackAsync();
  if (process.env.FLUORO_ASYNC === 'all') trackAsync({ everyStack: true });
  // Go's SetBlockProfileRate / SetMutexProfileFraction, for apps that only add --import fluoro/listen.
  const blockRate = Number(process.env.FLUORO_BLOCK_RATE ?? 0);
  if (blockRate > 0) setBlockProfileRate(blockRate);
  const mutexFraction = Number(process.env.FLUORO_MUTEX_FRACTION ?? 0);
  if (mutexFraction > 0) setMutexProfileFraction(mutexFraction);
  let config;
  try {
    config = listenConfig(process.env);
  } catch (err) {
    process.stderr.write(`fluoro: not listening: ${(err as Error).message}\n`);
    return Promise.resolve(undefined);
  }
  const exitFlag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('./listen-worker.js', import.meta.url), {
    workerData: { config, argv: process.argv, cpuLock: cpuLockMemory(), exitFlag },
    // Our own thread must not inherit --import fluoro/listen (it would start a listener of its own).
    execArgv: [],
    stdout: false,
    stderr: false,
  });
  // The trace machinery loads when the first trace starts; only the hook the worker calls then is here from the start.
  installTraceRecorder({ shareMemory: (memory) => worker.postMessage({ kind: 'traceMemory', memory } satisfies SharedTraceMemory) });
  // Its inspector session must be gone before the main thread exits, or
  // Node prints "Waiting for the debugger to disconnect...". 'exit' handlers
  // cannot wait for promises, so the worker disconnects on a message and
  // signals through shared memory while this thread waits (100 ms at most).
  process.once('exit', () => {
    worker.postMessage('exit');
    Atomics.wait(exitFlag, 0, 0, 100);
  });
  // Stay referenced until the listener reports, so `await ready` holds the
  // process open; afterwards the listener must never keep an app alive.
  return new Promise((resolve) => {
    worker.on('message', (msg: ListenerMessage) => {
      worker.unref();
      if (msg.kind === 'listening') {
        process.stderr.write(`fluoro: serving profiles at ${msg.url}\n`);
        resolve(msg.url);
      } else {
        process.stderr.write(`fluoro: not listening: ${msg.message}\n`);
        resolve(undefined);
      }
    });
    worker.on('error', (err) => {
      worker.unref();
      // The application must never die because its profiler did.
      process.stderr.write(`fluoro: listener stopped: ${err.message}\n`);
      resolve(undefined);
    });
  });
}
