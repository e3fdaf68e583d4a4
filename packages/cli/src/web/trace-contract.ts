// The contract between `fluoro trace -http` and the timeline page: the JSON
// of /trace/api/timeline, which the server computes (web/trace-views.ts)
// and the page draws (packages/ui/src/timeline/). The page does no
// analysis: lanes come laid out in rows, details come as text fields.
// Re-exported by contract.ts, so the page imports it as
// @fluoro/cli/contract. Browser-safe: types and constants only.
//
// Times are microseconds from the start of the trace, durations
// microseconds. Every string that comes from the trace is data: the page
// shows it as text, never as markup.

/** TIMELINE_API is the path, under /trace/, of the timeline's JSON. */
export const TIMELINE_API = 'api/timeline';

/** cpuPagePath is the path of the web UI of the CPU samples in a window, from the server's root. */
export function cpuPagePath(w: CpuWindowRef, page = 'flamegraph'): string {
  return `/cpu/${Math.floor(w.from)}-${Math.ceil(w.to)}/ui/${page}`;
}

/** CpuWindowRef names a time window whose CPU samples the web UI can show. */
export interface CpuWindowRef {
  from: number;
  to: number;
  /** CPU samples in the window. */
  samples: number;
}

/** LaneKind says what a lane holds, and so how the page draws it. */
export type LaneKind = 'loop' | 'thread' | 'async' | 'server' | 'client' | 'task' | 'region' | 'counter';

/** CounterLine is a counter lane's values over time. */
export interface CounterLine {
  unit: string;
  ts: number[];
  values: number[];
  max: number;
}

/** TimelineLane is one lane of the timeline: a title and rows of slices, or a counter line. */
export interface TimelineLane {
  title: string;
  kind: LaneKind;
  /** Rows of slices in the lane (0 for a counter lane). */
  rows: number;
  counter?: CounterLine;
}

/** Segment is a part of a slice drawn inside it: an HTTP request's phase. */
export interface Segment {
  name: string;
  start: number;
  dur: number;
}

/** FrameSamples is a frame with its self samples. */
export interface FrameSamples {
  frame: string;
  samples: number;
}

/** LogLine is a user log message. */
export interface LogLine {
  at: number;
  category: string;
  message: string;
}

/** SliceDetails is what the side panel shows for a slice, as text. */
export interface SliceDetails {
  title: string;
  /** Label and value pairs, in order. */
  fields: [string, string][];
  /** Hottest frames by self samples. */
  frames?: FrameSamples[];
  /** A stack, leaf first. */
  stack?: string[];
  logs?: LogLine[];
  /** The CPU samples inside the slice, for the flame graph link. */
  cpu?: CpuWindowRef;
}

/** TimelineSlice is one drawn slice. */
export interface TimelineSlice {
  lane: number;
  row: number;
  start: number;
  dur: number;
  name: string;
  /** What colors the slice: its kind ("timer", "gc", "server", "region", ...). */
  color: string;
  /** Still running at the end of the trace. */
  open: boolean;
  segments?: Segment[];
  /** Instants inside the slice (log messages). */
  marks?: number[];
  details: SliceDetails;
}

/** LongTask is a row of the long task list: an event loop slice and what it was. */
export interface LongTask {
  /** The slice (an index into TimelineView.slices). */
  slice: number;
  kind: string;
  /** The application frame the task ran, else its first frame. */
  func: string;
  /** The server request whose work it was, or "". */
  request: string;
}

/** HistogramBucket is one bar of a latency histogram: durations below edge (and at or above the previous edge). */
export interface HistogramBucket {
  edge: number;
  /** The slices (indexes into TimelineView.slices) in the bucket, slowest first. */
  slices: number[];
}

/** LatencyGroup is the latency of every task or region of one name. */
export interface LatencyGroup {
  name: string;
  count: number;
  open: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  buckets: HistogramBucket[];
}

/** TimelineView is the whole timeline page's data. */
export interface TimelineView {
  title: string;
  duration: number;
  /** Wall clock at the start, in nanoseconds since the epoch; 0 when unknown. */
  timeNanos: number;
  pid: number;
  nodeVersion: string;
  loop?: { utilization: number; activeMs: number; idleMs: number };
  warnings: string[];
  lanes: TimelineLane[];
  slices: TimelineSlice[];
  /** The event loop's longest slices, longest first. */
  longTasks: LongTask[];
  tasks: LatencyGroup[];
  regions: LatencyGroup[];
  /** The CPU samples of the whole trace. */
  cpu?: CpuWindowRef;
}
