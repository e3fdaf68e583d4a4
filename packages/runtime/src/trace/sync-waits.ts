// The `sync` waits of detail=async traces: an await (a promise reaction)
// from its creation to its run, charged to the stack that awaited. Capturing
// a stack costs ~13 us, so one reaction in SYNC_WAIT_SAMPLING is followed and
// stands for that many; the promise hooks themselves cost every promise of
// the program, which is why this is opt-in detail.

import { promiseHooks } from 'node:v8';
import type { RingWriter } from './ring.js';
import { encodeStack, RecordType, traceNow } from './records.js';
import { captureUserStack } from '../stack-capture.js';

/** SYNC_WAIT_SAMPLING: one await in this many is recorded, with this weight. */
export const SYNC_WAIT_SAMPLING = 16;

const WAIT = Symbol('fluoro.await');

type Awaiting = { [WAIT]?: { start: number; stack: string } };

/** recordSyncWaits records sampled await times until the returned function stops it. */
export function recordSyncWaits(out: RingWriter): () => void {
  let seen = 0;
  const stop = promiseHooks.createHook({
    init(promise, parent) {
      if (parent === undefined || ++seen % SYNC_WAIT_SAMPLING !== 0) return;
      (promise as Awaiting)[WAIT] = { start: traceNow(), stack: encodeStack(captureUserStack(1)) };
    },
    before(promise) {
      const wait = (promise as Awaiting)[WAIT];
      if (wait === undefined) return;
      (promise as Awaiting)[WAIT] = undefined;
      out.put(RecordType.syncWait, wait.start, traceNow() - wait.start, SYNC_WAIT_SAMPLING, 0, [wait.stack]);
    },
  });
  return stop as () => void;
}
