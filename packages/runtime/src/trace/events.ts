// The shapes of the trace file (docs/trace-format.md): Chrome trace events
// and fluoro's waits.

/** TraceEvent is one Chrome Trace Event Format event. */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  cat?: string;
  dur?: number;
  id?: string;
  s?: string;
  args?: Record<string, unknown>;
}

/** WaitType is what a wait waited on, the `-pprof=TYPE` of `fluoro trace`. */
export type WaitType = 'net' | 'sync' | 'syscall' | 'sched';

/** Wait is one entry of metadata.fluoro.waits: a duration and the stack it is charged to, leaf first. */
export interface Wait {
  type: WaitType;
  ts: number;
  dur: number;
  stack: string[];
  weight: number;
}

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
