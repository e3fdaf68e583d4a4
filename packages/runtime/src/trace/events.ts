// The shapes of the trace file (docs/trace-format.md): Chrome trace events
// and fluoro's waits.

export type { TraceEvent, Wait, WaitType } from '@fluoro/profile';

/** Lane is where fluoro puts an event: the process and a thread id. */
export interface Lane {
  pid: number;
  tid: number;
}

/** TASKS_TID is the synthetic thread id of the macrotask slices' lane ("event loop (fluoro)"). */
export const TASKS_TID = 0x40000001;

/** Clip is the trace's window on the events' clock. */
export interface Clip {
  startTs: number;
  endTs: number;
}
