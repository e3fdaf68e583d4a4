// The main thread's one writer into the trace ring, shared by the user
// annotations and the recorder (one per process: the memory is keyed on
// globalThis, so two copies of fluoro in one app still share it, as do the
// recorder's bundle and the application's `fluoro/trace`).

import { existingTraceMemory, RingWriter, traceMemory } from './ring.js';

let writer: RingWriter | undefined;

/** mainWriter returns the calling thread's writer into the process's trace memory, creating the memory if no trace made it yet. */
export function mainWriter(): RingWriter {
  return (writer ??= new RingWriter(traceMemory()));
}

/** recordingWriter returns the writer while a trace records, undefined otherwise; it never creates the trace memory. */
export function recordingWriter(): RingWriter | undefined {
  if (writer === undefined) {
    const memory = existingTraceMemory();
    if (memory === undefined) return undefined;
    writer = new RingWriter(memory);
  }
  return writer.flags.recording() ? writer : undefined;
}
