// The main thread's one writer into the trace ring, shared by the user
// annotations and the recorder (one per process: the memory is keyed on
// globalThis, so two copies of fluoro in one app still share it).

import { RingWriter, traceMemory } from './ring.js';

let writer: RingWriter | undefined;

/** mainWriter returns the calling thread's writer into the process's trace memory. */
export function mainWriter(): RingWriter {
  return (writer ??= new RingWriter(traceMemory()));
}
