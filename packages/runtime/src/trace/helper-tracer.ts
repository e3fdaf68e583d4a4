// The Tracer of handler() on the main thread: each trace runs in a helper
// worker thread (trace-worker.ts) that connects back to this thread through
// the inspector, like fluoro/listen's worker does (the bundle keeps it
// next to this module's chunk: build.mjs). Node's tracing data is
// then parsed off the application's thread, and the helper exists only
// while a trace runs.

import { isMainThread, Worker } from 'node:worker_threads';
import { FluoroError, type FluoroErrorCode } from '../errors.js';
import { installTraceRecorder } from './recorder-hook.js';
import { TraceFlags, traceMemory } from './ring.js';
import type { TraceOptions, Tracer } from './tracer.js';

/** HelperReply is what the helper worker posts: one reply per command. */
export type HelperReply = { kind: 'started' } | { kind: 'trace'; body: Uint8Array } | { kind: 'done' } | { kind: 'error'; code: FluoroErrorCode; message: string };

/** HelperTracer runs each trace in a helper worker thread. */
export class HelperTracer implements Tracer {
  private worker: Worker | undefined;

  async start(options: TraceOptions): Promise<void> {
    if (!isMainThread) throw new FluoroError('ERR_TRACE_UNAVAILABLE', "tracing covers the main thread: mount handler() there, or use fluoro/listen");
    installTraceRecorder();
    // Answer a second trace at once, without starting a thread to find out.
    if (new TraceFlags(traceMemory()).isLocked()) throw new FluoroError('ERR_TRACE_IN_USE', 'runtime error: tracing is already enabled');
    const worker = new Worker(new URL('./trace-worker.js', import.meta.url), {
      workerData: { memory: traceMemory(), options },
      // It must not inherit --import fluoro/listen (it would start a listener of its own).
      execArgv: [],
      stdout: false,
      stderr: false,
    });
    this.worker = worker;
    try {
      await reply(worker);
    } catch (err) {
      this.worker = undefined;
      throw err;
    }
  }

  async stop(): Promise<Buffer> {
    const worker = this.take();
    worker.postMessage('stop');
    const r = await reply(worker);
    if (r.kind !== 'trace') throw new FluoroError('ERR_TRACE_DATA', `the trace helper answered ${r.kind}`);
    return Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength);
  }

  async abort(): Promise<void> {
    const worker = this.take();
    worker.postMessage('abort');
    await reply(worker).catch(() => {
      // The trace is dropped either way; the helper has exited.
    });
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private take(): Worker {
    const worker = this.worker;
    if (worker === undefined) throw new FluoroError('ERR_TRACE_DATA', 'no trace is running');
    this.worker = undefined;
    return worker;
  }
}

// reply waits for the helper's next message; an error reply, a crash or an
// exit without a reply rejects.
function reply(worker: Worker): Promise<HelperReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: HelperReply) => {
      done();
      if (msg.kind === 'error') reject(new FluoroError(msg.code, msg.message));
      else resolve(msg);
    };
    const onError = (err: Error) => {
      done();
      reject(new FluoroError('ERR_TRACE_DATA', `the trace helper thread failed: ${err.message}`, { cause: err }));
    };
    const onExit = (code: number) => {
      done();
      reject(new FluoroError('ERR_TRACE_DATA', `the trace helper thread exited (${code}) without an answer`));
    };
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
