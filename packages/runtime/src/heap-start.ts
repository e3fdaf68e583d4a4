// Starts V8's sampling heap profiler on the calling thread synchronously,
// while fluoro is being imported (or at the first handler()/profiles() call),
// so that the application's first allocations are in `heap` and `allocs`, as
// Go's heap profile covers a process from its start. The profilers are
// otherwise driven asynchronously (fluoro/listen's worker reaches the main
// thread over a cross-thread inspector session once it has started, after
// the app's start-up has run). V8 has one sampler per isolate: the later
// HeapProfiler.startSampling of the worker's session finds it running and
// leaves it alone, and getSamplingProfile from any session reads it.

import { Session } from 'node:inspector';

/** HEAP_INTERVAL_BYTES is the mean sampling interval, Go's MemProfileRate. */
export const HEAP_INTERVAL_BYTES = 512 * 1024;

// The session must live as long as the thread: V8 stops a session's sampling
// when the session goes away.
let started: Session | undefined;

/** startHeapSampling starts the calling thread's heap sampler before it returns; it is a no-op when already started. */
export function startHeapSampling(intervalBytes = HEAP_INTERVAL_BYTES): void {
  if (started !== undefined) return;
  const session = new Session();
  session.connect();
  // A same-thread session answers inside post(), so both replies are in when it returns.
  let failure: Error | null = null;
  const check = (err: Error | null) => {
    failure ??= err;
  };
  session.post('HeapProfiler.enable', check);
  session.post('HeapProfiler.startSampling', { samplingInterval: intervalBytes }, check);
  if (failure !== null) {
    session.disconnect();
    throw new Error(`starting the heap sampler: ${(failure as Error).message}`, { cause: failure });
  }
  started = session;
}
