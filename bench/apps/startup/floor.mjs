// The floor a profiler of fluoro's design cannot go below, preloaded with
// --import: V8's heap sampler on, and a worker thread with an inspector
// session on the main thread serving HTTP on loopback. Written in one file,
// with nothing else loaded, so the start-up bench can show what fluoro's own
// modules add on top.
import { Session } from 'node:inspector';
import { Worker } from 'node:worker_threads';

const session = new Session();
session.connect();
session.post('HeapProfiler.enable');
session.post('HeapProfiler.startSampling', { samplingInterval: 512 * 1024 });

const worker = new Worker(
  `const { Session } = require('node:inspector');
   const { createServer } = require('node:http');
   const { parentPort } = require('node:worker_threads');
   const s = new Session();
   s.connectToMainThread();
   s.post('HeapProfiler.enable', () => {
     createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1', () => parentPort.postMessage('listening'));
   });
   parentPort.on('message', () => { s.disconnect(); });`,
  { eval: true },
);
worker.once('message', () => worker.unref());
process.once('exit', () => worker.postMessage('exit'));
