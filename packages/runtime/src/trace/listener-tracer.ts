// fluoro/listen's Tracer, in its worker. Nothing of a trace is loaded or
// allocated before the first one is asked for: then the trace collector
// (collector.ts, with the trace builder) loads, and the main thread makes
// the trace memory and posts it here (the hook's `share`, recorder-hook.ts).
// Both go through the inspector and a message, so a first trace asked for
// while the main thread spins in JavaScript starts like any other.

import { parentPort } from 'node:worker_threads';
import { mainThreadChannel } from '../channel.js';
import { FluoroError } from '../errors.js';
import type { TraceCollector } from './collector.js';
import { bounded, evaluate, REPLY_TIMEOUT_MS } from './main-calls.js';
import { recorderExpression } from './recorder-hook.js';
import type { TraceOptions, Tracer } from './tracer.js';

/** SharedTraceMemory is what the main thread posts to the listener worker when it shares the trace memory. */
export interface SharedTraceMemory {
  kind: 'traceMemory';
  memory: SharedArrayBuffer;
}

/** ListenerTracer traces the main thread from fluoro/listen's worker, loading the collector on first use. */
export class ListenerTracer implements Tracer {
  private loading: Promise<TraceCollector> | undefined;
  private collector: TraceCollector | undefined;

  async start(options: TraceOptions): Promise<void> {
    this.loading ??= this.load();
    let collector: TraceCollector;
    try {
      collector = await this.loading;
    } catch (err) {
      // The main thread may answer next time (it was blocked in native code).
      this.loading = undefined;
      throw err;
    }
    return collector.start(options);
  }

  stop(): Promise<Buffer> {
    return this.loaded().stop();
  }

  abort(): Promise<void> {
    return this.loaded().abort();
  }

  close(): void {
    this.collector?.close();
  }

  private loaded(): TraceCollector {
    if (this.collector === undefined) throw new FluoroError('ERR_TRACE_DATA', 'no trace is running');
    return this.collector;
  }

  private async load(): Promise<TraceCollector> {
    const memory = await memoryFromMain();
    const { TraceCollector } = await import('./collector.js');
    return (this.collector = new TraceCollector({ connect: mainThreadChannel, memory }));
  }
}

// memoryFromMain asks the main thread for the trace memory. Its answer
// comes as a message on this worker's port, posted before the evaluation
// returns, so it is already queued when the reply arrives.
async function memoryFromMain(): Promise<SharedArrayBuffer> {
  const port = parentPort!;
  let onMessage!: (msg: unknown) => void;
  const posted = new Promise<SharedArrayBuffer>((resolve) => {
    onMessage = (msg) => {
      if ((msg as SharedTraceMemory | null)?.kind === 'traceMemory') resolve((msg as SharedTraceMemory).memory);
    };
    port.on('message', onMessage);
  });
  const session = mainThreadChannel();
  try {
    const shared = await evaluate<boolean>(bounded(session, REPLY_TIMEOUT_MS), recorderExpression('share()'));
    if (shared !== true) throw new FluoroError('ERR_TRACE_UNAVAILABLE', 'the main thread has no trace recorder: it did not load fluoro/listen');
    return await posted;
  } finally {
    port.off('message', onMessage);
    session.close();
  }
}
