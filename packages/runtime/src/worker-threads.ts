// The worker threads a profile covers. Through the inspector's NodeWorker
// domain, the session that drives the main thread attaches to each worker
// thread the main thread starts, and gets a channel into it that works like
// the main thread's: commands are dispatched by interrupt, so a worker busy in
// a long loop still answers. Only workers that loaded fluoro (they mark
// themselves with THREAD_MARK, see listen.ts) are profiled; others are
// detached again. Their heap samplers start as soon as the mark is seen.

import { threadId } from 'node:worker_threads';
import type { InspectorChannel, SessionChannel } from './channel.js';
import { HeapSampler, type HeapSamplerOptions } from './heap-sampler.js';

/** THREAD_MARK is the global a worker that loads fluoro sets to its thread name, e.g. "worker-1". */
export const THREAD_MARK = 'fluoro.thread';

/** ProfiledThread is one worker thread being profiled. */
export interface ProfiledThread {
  /** The `thread` label of its samples: worker-THREADID. */
  name: string;
  channel: InspectorChannel;
  heap: HeapSampler;
}

// How long to keep looking for the mark after a worker starts: it is set
// when the worker's `--import fluoro/listen` runs.
const MARK_POLLS = [20, 100, 250, 500, 1000, 2000, 4000];

/** WorkerThreads tracks the profiled worker threads of the thread a session reaches. */
export class WorkerThreads {
  private readonly threads = new Map<string, ProfiledThread>();
  private readonly replies = new Map<string, Map<number, (message: WorkerReply) => void>>();
  private nextId = 1;
  /** Why worker threads cannot be profiled, if the NodeWorker domain refused; profiles then cover this thread only. */
  unavailable: Error | undefined;

  constructor(
    private readonly session: SessionChannel,
    private readonly heapOptions: HeapSamplerOptions = {},
  ) {
    session.on('NodeWorker.attachedToWorker', ({ params }) => {
      const { sessionId, workerInfo } = params as { sessionId: string; workerInfo: { title?: string } };
      // The listener thread itself is one of the main thread's workers; it profiles, it is not profiled.
      if (workerInfo.title === `[worker ${threadId}]`) {
        session.post('NodeWorker.detach', { sessionId }).catch(() => {
          // Already gone.
        });
        return;
      }
      this.replies.set(sessionId, new Map());
      this.adopt(sessionId).catch(() => {
        // A worker that exits while we look at it is simply not profiled.
      });
    });
    session.on('NodeWorker.detachedFromWorker', ({ params }) => {
      const { sessionId } = params as { sessionId: string };
      this.threads.delete(sessionId);
      // Commands in flight will get no answer: fail them, so no profile waits for a thread that is gone.
      const waiting = this.replies.get(sessionId);
      this.replies.delete(sessionId);
      for (const fail of waiting?.values() ?? []) fail({ error: { message: 'worker thread exited' } });
    });
    session.on('NodeWorker.receivedMessageFromWorker', ({ params }) => {
      const { sessionId, message } = params as { sessionId: string; message: string };
      let reply: WorkerReply;
      try {
        reply = JSON.parse(message) as WorkerReply;
      } catch {
        return; // Not a reply of the protocol; nothing is waiting for it.
      }
      const waiting = this.replies.get(sessionId);
      const resolve = reply.id === undefined ? undefined : waiting?.get(reply.id);
      if (resolve === undefined) return;
      waiting!.delete(reply.id!);
      resolve(reply);
    });
    session.post('NodeWorker.enable', { waitForDebuggerOnStart: false }).catch((err: Error) => {
      this.unavailable = err;
    });
  }

  /** list returns the worker threads being profiled now, by name. */
  list(): ProfiledThread[] {
    return [...this.threads.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private async adopt(sessionId: string): Promise<void> {
    const channel = this.channelTo(sessionId);
    for (const delay of MARK_POLLS) {
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      if (!this.replies.has(sessionId)) return;
      const reply = await channel.post<{ result: { value?: unknown } }>('Runtime.evaluate', {
        expression: `globalThis[Symbol.for(${JSON.stringify(THREAD_MARK)})]`,
        returnByValue: true,
      });
      const name = reply.result.value;
      if (typeof name === 'string') {
        const heap = new HeapSampler(channel, this.heapOptions);
        await heap.start();
        this.threads.set(sessionId, { name, channel, heap });
        return;
      }
    }
    // Not one of ours (fluoro's own listener thread, or an app worker without fluoro).
    await this.session.post('NodeWorker.detach', { sessionId });
  }

  // channelTo wraps NodeWorker.sendMessageToWorker as a channel of its own.
  private channelTo(sessionId: string): InspectorChannel {
    return {
      post: <T>(method: string, params?: object) =>
        new Promise<T>((resolve, reject) => {
          const waiting = this.replies.get(sessionId);
          if (waiting === undefined) return reject(new Error(`inspector ${method}: worker is gone`));
          const id = this.nextId++;
          waiting.set(id, (reply) => {
            if (reply.error) reject(new Error(`inspector ${method}: ${reply.error.message}`));
            else resolve(reply.result as T);
          });
          this.session.post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method, params }) }).catch((err: Error) => {
            waiting.delete(id);
            reject(new Error(`inspector ${method}: ${err.message}`, { cause: err }));
          });
        }),
      close: () => {
        this.session.post('NodeWorker.detach', { sessionId }).catch(() => {
          // Already gone.
        });
      },
    };
  }
}

interface WorkerReply {
  id?: number;
  result?: unknown;
  error?: { message: string };
}
