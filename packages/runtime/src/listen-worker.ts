// The listener thread behind fluoro/listen: an HTTP server whose handler
// profiles the main thread through an inspector session connected to it.

import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { mainThreadChannel } from './channel.js';
import { adoptCpuLockMemory } from './cpu-lock.js';
import { handler } from './handler.js';
import { heapMaxAgeOrDefault, type ListenConfig } from './listen-config.js';
import type { ListenerMessage } from './listen.js';
import { createRuntime } from './runtime.js';
import { guardInspectorMessages } from './trace/inspector-guard.js';

const { config, argv, cpuLock, exitFlag } = workerData as {
  config: ListenConfig;
  argv: string[];
  cpuLock: Int32Array;
  exitFlag: Int32Array;
};
adoptCpuLockMemory(cpuLock);
const warn = (m: string) => process.stderr.write(m + '\n');
// Malformed data from Node's tracing agent throws on this thread, outside any call of ours.
guardInspectorMessages(warn);

const channel = mainThreadChannel();
// The main thread is exiting: drop the session so Node does not wait for a debugger.
parentPort!.on('message', (msg) => {
  if (msg !== 'exit') return;
  runtime.tracer.close();
  channel.close();
  Atomics.store(exitFlag, 0, 1);
  Atomics.notify(exitFlag, 0);
});
const runtime = createRuntime(channel, argv, 'main-thread', { maxAgeMs: heapMaxAgeOrDefault(process.env, (m) => warn(`fluoro: ${m}`)) });
const report = (msg: ListenerMessage) => parentPort!.postMessage(msg);

const started = runtime.heap.start().catch((err: Error) => {
  process.stderr.write(`fluoro: profilers did not start: ${err.message}\n`);
});

const server = createServer(handler({ runtime, token: config.token, logger: { warn } }));
server.on('error', (err: NodeJS.ErrnoException) => {
  const where = `${config.host}:${config.port}`;
  report({
    kind: 'error',
    message:
      err.code === 'EADDRINUSE'
        ? `${where} is already in use; set FLUORO_ADDR=host:port to choose another address`
        : `cannot listen on ${where}: ${err.message}`,
  });
  channel.close();
});
// Report "listening" only once the heap sampler runs, so allocations made after `ready` are sampled.
await started;
server.listen(config.port, config.host, () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  report({ kind: 'listening', url: `http://${host}:${port}/debug/pprof/` });
});
