// The parts of the trace file (docs/trace-format.md) that its writer, the
// runtime's /debug/pprof/trace, and its reader, `fluoro trace`, must agree
// on, declared once: the events' shape, the wait types and waits, and what
// the endpoint reports it dropped.

/** TraceEvent is one Chrome Trace Event Format event, as the endpoint writes it. */
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

/** WAIT_TYPES are what a wait can wait on, the `-pprof=TYPE` of `fluoro trace`, as go tool trace names them. */
export const WAIT_TYPES = ['net', 'sync', 'syscall', 'sched'] as const;

/** WaitType is one of WAIT_TYPES. */
export type WaitType = (typeof WAIT_TYPES)[number];

/** Wait is one entry of metadata.fluoro.waits: a duration and the stack it is charged to, leaf first. */
export interface Wait {
  type: WaitType;
  ts: number;
  dur: number;
  stack: string[];
  weight: number;
}

/** TraceDropped is metadata.fluoro.dropped: bytes of the main thread's records and Node events the endpoint lost. */
export interface TraceDropped {
  bytes: number;
  nodeEvents: number;
}
