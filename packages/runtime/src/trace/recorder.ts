// The main thread's side of a trace: while one runs it records request
// lanes (http-lanes.ts), the event-loop-delay counter, and with
// detail=async the sampled await times, into the shared ring; it measures
// the loop's exact busy time. The thread that builds the trace switches it
// on and off through the global hook (recorder-hook.ts), which loads this
// module, bundled on its own (build.mjs), on the process's first trace.

import { performance } from 'node:perf_hooks';
import { subscribeHttp } from './http-lanes.js';
import type { Recorder } from './recorder-hook.js';
import { PROBE_MS, RecordType, traceNow } from './records.js';
import { recordSyncWaits } from './sync-waits.js';
import { currentTask, endTaskContexts } from './tasks.js';
import { mainWriter } from './writer.js';

export { traceMemory } from './ring.js';

/** createRecorder makes the main thread's recorder; the hook makes one per process. */
export function createRecorder(): Recorder {
  let running: { stops: (() => void)[]; loop: ReturnType<typeof performance.eventLoopUtilization> } | undefined;
  const recorder: Recorder = {
    start(detail) {
      // A trace whose stop never arrived (its thread gave up on us) is over.
      if (running !== undefined) recorder.stop();
      const out = mainWriter();
      const lanes = subscribeHttp(out, currentTask);
      const stops = [probeCounters(lanes.probe), () => lanes.stop()];
      if (detail) stops.push(recordSyncWaits(out));
      running = { stops, loop: performance.eventLoopUtilization() };
      return true;
    },
    stop() {
      if (running === undefined) return null;
      for (const stop of running.stops) stop();
      endTaskContexts();
      const { active, idle, utilization } = performance.eventLoopUtilization(running.loop);
      running = undefined;
      return { activeMs: active, idleMs: idle, utilization };
    },
  };
  return recorder;
}

// probeCounters measures how late a PROBE_MS timer runs (the event-loop
// delay counter; the heap counter comes from Node's GC events), and runs
// `also` (the request lanes' probe) with it.
function probeCounters(also: () => void): () => void {
  const out = mainWriter();
  let last = traceNow();
  const read = () => {
    also();
    const now = traceNow();
    out.put(RecordType.counter, now, Math.max(0, now - last - PROBE_MS * 1000), 0, 0);
    last = now;
  };
  const probe = setInterval(read, PROBE_MS);
  probe.unref();
  // A loop stuck until the end never ran the probe: the last reading, taken
  // as the trace stops (through an inspector interrupt), says how late it is.
  return () => {
    clearInterval(probe);
    read();
  };
}
