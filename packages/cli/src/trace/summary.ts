// `fluoro trace -summary` as data: what a trace says about where the time
// went. The event loop's busy share (exact, from the endpoint), its longest
// tasks with their hottest frames, GC pauses, HTTP requests slowest first
// with the phase that took the time and, for server requests, what kept
// them waiting: other tasks holding the loop, and the upstream requests
// made while they ran. Then user tasks and regions with latency
// percentiles. summary-text.ts prints it.

import { appFrame } from './frames.js';
import { droppedText, sliceOwners, type FrameCount, type HttpRequest, type TaskSlice, type Trace } from './model.js';
import { latencyStats, type LatencyStats } from './stats.js';

/** SummaryOptions are how much of each list to keep. */
export interface SummaryOptions {
  /** Longest tasks listed. */
  tasks: number;
  /** Slowest requests listed. */
  requests: number;
}

/** DEFAULT_SUMMARY_OPTIONS are the lengths -summary prints. */
export const DEFAULT_SUMMARY_OPTIONS: SummaryOptions = { tasks: 5, requests: 10 };

/** LongestTask is one of the longest macrotask slices; times in microseconds from the trace's start. */
export interface LongestTask {
  at: number;
  dur: number;
  kind: string;
  /** The application frame of the slice's stack, else its leaf. */
  func: string;
  frames: FrameCount[];
  stack: string[];
  open: boolean;
  /** The server request that began in this task, which it is then the work of. */
  request?: string;
}

/** LoopHold is time a request spent waiting while other tasks held the loop. */
export interface LoopHold {
  /** Microseconds of other tasks inside the request. */
  dur: number;
  /** The longest of those tasks: its function and the request it worked for. */
  func: string;
  request?: string;
}

/** Upstream is a client request made while a server request ran. */
export interface Upstream {
  name: string;
  dur: number;
  phase?: { name: string; dur: number };
  status: number;
  error?: string;
}

/** RequestRow is one request among the slowest. */
export interface RequestRow {
  side: 'server' | 'client';
  name: string;
  status: number;
  error?: string;
  at: number;
  dur: number;
  /** The duration is a lower bound: the request ran past the end, or began before the start. */
  partial: boolean;
  /** The phase that took the most time. */
  phase?: { name: string; dur: number };
  /** Server requests: their own time on the loop, and its function. */
  ownWork?: { dur: number; func: string };
  loopHold?: LoopHold;
  upstream: Upstream[];
}

/** WaitTotal is the total of one -pprof type's waits. */
export interface WaitTotal {
  type: string;
  count: number;
  dur: number;
}

/** TraceSummary is everything -summary prints. */
export interface TraceSummary {
  duration: number;
  timeNanos: number;
  pid: number;
  nodeVersion: string;
  loop?: { utilization: number; activeMs: number; idleMs: number };
  slices: number;
  longTasks: LongestTask[];
  /** The main thread's GC pauses, which stop the event loop. */
  gc: { count: number; minor: number; major: number; total: number; max: number };
  /** Other threads' GC pauses. */
  otherGc: { threads: number; count: number; total: number };
  requests: { server: number; client: number; failed: number; slowest: RequestRow[] };
  tasks: LatencyStats[];
  regions: LatencyStats[];
  waits: WaitTotal[];
  warnings: string[];
}

function overlap(a: { ts: number; dur: number }, from: number, to: number): number {
  return Math.max(0, Math.min(a.ts + a.dur, to) - Math.max(a.ts, from));
}

function longest<T extends { dur: number }>(xs: T[]): T | undefined {
  let best: T | undefined;
  for (const x of xs) if (best === undefined || x.dur > best.dur) best = x;
  return best;
}

function explain(r: HttpRequest, trace: Trace, owners: Map<TaskSlice, HttpRequest>): Pick<RequestRow, 'ownWork' | 'loopHold' | 'upstream'> {
  const from = r.ts;
  const to = r.ts + r.dur;
  const out: Pick<RequestRow, 'ownWork' | 'loopHold' | 'upstream'> = { upstream: [] };
  if (r.side !== 'server') return out;
  const own: { slice: TaskSlice; dur: number }[] = [];
  const other: { slice: TaskSlice; dur: number; owner?: HttpRequest }[] = [];
  for (const s of trace.slices) {
    const dur = overlap(s, from, to);
    // Whose a slice from before the trace was is unknown when the request also began before it.
    if (dur <= 0 || (r.begunBeforeTrace && s.ts < trace.startTs)) continue;
    const owner = owners.get(s);
    if (owner === r) own.push({ slice: s, dur });
    else other.push({ slice: s, dur, ...(owner ? { owner } : {}) });
  }
  const sum = (xs: { dur: number }[]) => xs.reduce((a, x) => a + x.dur, 0);
  const ownTop = longest(own);
  if (ownTop) out.ownWork = { dur: sum(own), func: appFrame(ownTop.slice.stack) };
  const otherTop = longest(other);
  if (otherTop) {
    out.loopHold = { dur: sum(other), func: appFrame(otherTop.slice.stack), ...(otherTop.owner ? { request: otherTop.owner.name } : {}) };
  }
  for (const c of trace.requests) {
    if (c.side !== 'client' || c.ts < from || c.ts >= to) continue;
    const phase = longest(c.phases);
    out.upstream.push({ name: c.name, dur: c.dur, status: c.status, ...(phase ? { phase: { name: phase.name, dur: phase.dur } } : {}), ...(c.error !== undefined ? { error: c.error } : {}) });
  }
  out.upstream.sort((a, b) => b.dur - a.dur);
  return out;
}

function requestRow(r: HttpRequest, trace: Trace, owners: Map<TaskSlice, HttpRequest>): RequestRow {
  // A server response sent whole has no phases: all of it was the handler's.
  const phase = longest(r.phases) ?? (r.side === 'server' ? { name: 'handler', dur: r.dur } : undefined);
  return {
    side: r.side,
    name: r.name,
    status: r.status,
    ...(r.error !== undefined ? { error: r.error } : {}),
    at: r.ts - trace.startTs,
    dur: r.dur,
    partial: r.open || r.begunBeforeTrace,
    ...(phase ? { phase: { name: phase.name, dur: phase.dur } } : {}),
    ...explain(r, trace, owners),
  };
}

function longTask(s: TaskSlice, trace: Trace, owners: Map<TaskSlice, HttpRequest>): LongestTask {
  const owner = owners.get(s);
  return {
    at: s.ts - trace.startTs,
    dur: s.dur,
    kind: s.kind,
    func: appFrame(s.stack),
    frames: s.frames,
    stack: s.stack,
    open: s.open,
    ...(owner ? { request: owner.name } : {}),
  };
}

function warnings(trace: Trace): string[] {
  const w: string[] = [];
  if (trace.loop === undefined) w.push('the trace has no fluoro metadata: event loop use and waits are unknown');
  else if (!trace.recorder) w.push('the main thread had no fluoro recorder: no macrotask slices, request lanes, user tasks or counters');
  const lost = droppedText(trace.dropped);
  if (lost !== '') w.push(lost);
  return w;
}

/** computeSummary computes -summary's data from a trace. */
export function computeSummary(trace: Trace, o: SummaryOptions = DEFAULT_SUMMARY_OPTIONS): TraceSummary {
  const servers = trace.requests.filter((r) => r.side === 'server');
  const owners = sliceOwners(trace);
  const mainGcs = trace.gcs.filter((g) => g.tid === trace.mainTid);
  const otherGcs = trace.gcs.filter((g) => g.tid !== trace.mainTid);
  const byDur = <T extends { dur: number; ts: number }>(xs: T[]) => [...xs].sort((a, b) => b.dur - a.dur || a.ts - b.ts);
  const waits = new Map<string, WaitTotal>();
  for (const w of trace.waits) {
    const t = waits.get(w.type) ?? { type: w.type, count: 0, dur: 0 };
    t.count += w.weight;
    t.dur += w.dur * w.weight;
    waits.set(w.type, t);
  }
  return {
    duration: trace.endTs - trace.startTs,
    timeNanos: trace.timeNanos,
    pid: trace.pid,
    nodeVersion: trace.nodeVersion,
    ...(trace.loop ? { loop: trace.loop } : {}),
    slices: trace.slices.length,
    longTasks: byDur(trace.slices).slice(0, o.tasks).map((s) => longTask(s, trace, owners)),
    gc: {
      count: mainGcs.length,
      minor: mainGcs.filter((g) => !g.major).length,
      major: mainGcs.filter((g) => g.major).length,
      total: mainGcs.reduce((a, g) => a + g.dur, 0),
      max: mainGcs.reduce((a, g) => Math.max(a, g.dur), 0),
    },
    otherGc: {
      threads: new Set(otherGcs.map((g) => g.tid)).size,
      count: otherGcs.length,
      total: otherGcs.reduce((a, g) => a + g.dur, 0),
    },
    requests: {
      server: servers.length,
      client: trace.requests.length - servers.length,
      failed: trace.requests.filter((r) => r.error !== undefined || r.status >= 500).length,
      slowest: byDur(trace.requests).slice(0, o.requests).map((r) => requestRow(r, trace, owners)),
    },
    tasks: latencyStats(trace.tasks),
    regions: latencyStats(trace.regions),
    waits: [...waits.values()].sort((a, b) => b.dur - a.dur),
    warnings: warnings(trace),
  };
}
