// The helper thread behind handler()'s traces (helper-tracer.ts):
// collects one trace of the main thread through an inspector session
// connected to it, answers each command from the main thread with one
// message, and exits.

import { parentPort, workerData } from 'node:worker_threads';
import { mainThreadChannel } from '../channel.js';
import { FluoroError } from '../errors.js';
import { TraceCollector } from './collector.js';
import { guardInspectorMessages } from './inspector-guard.js';
import type { HelperReply } from './helper-tracer.js';
import type { TraceOptions } from './tracer.js';

const { memory, options } = workerData as { memory: SharedArrayBuffer; options: TraceOptions };
const port = parentPort!;
const send = (msg: HelperReply, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);
const fail = (err: unknown) =>
  send(
    err instanceof FluoroError
      ? { kind: 'error', code: err.code, message: err.message }
      : { kind: 'error', code: 'ERR_TRACE_DATA', message: err instanceof Error ? err.message : String(err) },
  );

guardInspectorMessages((m) => process.stderr.write(m + '\n'));
const collector = new TraceCollector({ connect: mainThreadChannel, memory });

port.on('message', async (command: 'stop' | 'abort') => {
  try {
    if (command === 'stop') {
      const body = await collector.stop();
      const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
      send({ kind: 'trace', body: bytes }, body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? [body.buffer as ArrayBuffer] : []);
    } else {
      await collector.abort();
      send({ kind: 'done' });
    }
  } catch (err) {
    fail(err);
  }
  port.close();
});

try {
  await collector.start(options);
  send({ kind: 'started' });
} catch (err) {
  fail(err);
  port.close();
}
