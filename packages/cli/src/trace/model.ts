// The trace as fluoro's tools use it: the events of a read trace file paired
// and grouped into what they stand for (docs/trace-format.md): the event
// loop's macrotask slices, each thread's spans and GC pauses, Node's async
// operations, HTTP requests with their phases, user tasks with their
// regions and logs, counters, waits and CPU samples. Times stay in
// microseconds on the trace clock; what is still running at the end of the
// trace ends there, marked open.

import { readCpuSamples, type CpuSamples } from './cpu.js';
import { isObject, own, traceError, type Dropped, type RawWait, type CheckedEvent, type ReadTrace } from './read.js';

/** FrameCount is a frame with its self samples. */
export interface FrameCount {
  frame: string;
  samples: number;
}

/** TaskSlice is a macrotask slice of the event loop (cat fluoro.task). */
export interface TaskSlice {
  ts: number;
  dur: number;
  /** timer, http, socket data, ... */
  kind: string;
  entry: string;
  samples: number;
  frames: FrameCount[];
  /** The slice's most frequent whole stack, leaf first. */
  stack: string[];
  open: boolean;
}

/** Span is a B/E pair or an X event on a thread: GC, sync fs, V8 work. */
export interface Span {
  tid: number;
  name: string;
  cat: string;
  ts: number;
  dur: number;
  /** Nesting depth on its thread, 0 outermost. */
  depth: number;
  args: Record<string, unknown>;
  open: boolean;
}

/** GcPause is a MinorGC or MajorGC. */
export interface GcPause {
  tid: number;
  major: boolean;
  ts: number;
  dur: number;
  heapBefore?: number;
  heapAfter?: number;
}

/** AsyncOp is one of Node's own async operations (fs on the threadpool, DNS lookup, TCP connect). */
export interface AsyncOp {
  tid: number;
  name: string;
  cat: string;
  ts: number;
  dur: number;
  args: Record<string, unknown>;
  open: boolean;
}

/** Phase is a part of an HTTP request: dns, connect, tls, first byte, body, handler. */
export interface Phase {
  name: string;
  ts: number;
  dur: number;
}

/** HttpRequest is one request's lane (cat fluoro.http). */
export interface HttpRequest {
  id: string;
  side: 'server' | 'client';
  name: string;
  method: string;
  url: string;
  /** http or fetch, for client requests. */
  client: string;
  /** The user task it was made in, 0 for none. */
  task: number;
  ts: number;
  dur: number;
  status: number;
  error?: string;
  /** Still running at the end of the trace. */
  open: boolean;
  /** Started before the trace: its start is the trace's. */
  begunBeforeTrace: boolean;
  phases: Phase[];
}

/** UserLog is a fluoro/trace log message. */
export interface UserLog {
  task: number;
  ts: number;
  category: string;
  message: string;
}

/** UserRegion is a fluoro/trace region, in a task (0 for none). */
export interface UserRegion {
  task: number;
  name: string;
  ts: number;
  dur: number;
  open: boolean;
}

/** UserTask is a fluoro/trace task. */
export interface UserTask {
  task: number;
  parent: number;
  name: string;
  ts: number;
  dur: number;
  open: boolean;
  error?: string;
}

/** CounterSeries is one counter's samples: times and, per value name, the values. */
export interface CounterSeries {
  name: string;
  ts: number[];
  values: Map<string, number[]>;
}

/** Trace is a whole trace, grouped. */
export interface Trace {
  startTs: number;
  endTs: number;
  /** Wall clock at startTs, 0 when unknown. */
  timeNanos: number;
  pid: number;
  mainTid: number;
  nodeVersion: string;
  threadNames: Map<number, string>;
  /** Exact event loop use over the trace, when the endpoint measured it. */
  loop?: { activeMs: number; idleMs: number; utilization: number };
  /** False when the main thread had no fluoro recorder (no slices, lanes, tasks, counters). */
  recorder: boolean;
  dropped: Dropped;
  detail: string;
  slices: TaskSlice[];
  spans: Span[];
  gcs: GcPause[];
  asyncOps: AsyncOp[];
  requests: HttpRequest[];
  tasks: UserTask[];
  regions: UserRegion[];
  logs: UserLog[];
  counters: CounterSeries[];
  waits: RawWait[];
  /** The main thread's CPU samples, when the trace has some. */
  cpu?: CpuSamples;
}

const SYNTHETIC_TID_MIN = 1 << 30;

function lastIndex<T>(list: T[], match: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (match(list[i])) return i;
  return -1;
}

function str(args: Record<string, unknown>, key: string, fallback = ''): string {
  const v = own(args, key);
  return typeof v === 'string' ? v : fallback;
}

function num(args: Record<string, unknown>, key: string, fallback = 0): number {
  const v = own(args, key);
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function stringList(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw traceError(`${where} is not an array of strings`);
  return v as string[];
}

function readSlice(e: CheckedEvent, i: number): TaskSlice {
  const where = `traceEvents[${i}]: fluoro.task`;
  const frames = own(e.args, 'frames') ?? [];
  if (!Array.isArray(frames)) throw traceError(`${where}: args.frames is not an array`);
  return {
    ts: e.ts,
    dur: e.dur ?? 0,
    kind: e.name,
    entry: str(e.args, 'entry'),
    samples: num(e.args, 'samples'),
    frames: frames.map((f, k) => {
      if (!isObject(f) || typeof own(f, 'frame') !== 'string' || typeof own(f, 'samples') !== 'number') throw traceError(`${where}: args.frames[${k}] wants a frame and samples`);
      return { frame: own(f, 'frame') as string, samples: own(f, 'samples') as number };
    }),
    stack: stringList(own(e.args, 'stack'), `${where}: args.stack`),
    open: own(e.args, 'open') === true,
  };
}

// Thread spans: B/E pairs per thread (an E without its B began before the
// trace and is dropped), X events as they are.
function threadSpans(events: CheckedEvent[], endTs: number): Span[] {
  const spans: Span[] = [];
  const stacks = new Map<number, Span[]>();
  for (const e of events) {
    if (e.cat.startsWith('fluoro') || e.tid >= SYNTHETIC_TID_MIN) continue;
    const stack = stacks.get(e.tid) ?? [];
    stacks.set(e.tid, stack);
    if (e.ph === 'X') {
      spans.push({ tid: e.tid, name: e.name, cat: e.cat, ts: e.ts, dur: e.dur ?? 0, depth: stack.length, args: e.args, open: false });
    } else if (e.ph === 'B') {
      const s: Span = { tid: e.tid, name: e.name, cat: e.cat, ts: e.ts, dur: 0, depth: stack.length, args: { ...e.args }, open: true };
      stack.push(s);
      spans.push(s);
    } else if (e.ph === 'E') {
      const s = stack.pop();
      if (s === undefined) continue;
      s.dur = e.ts - s.ts;
      s.open = false;
      // E events carry the results (usedHeapSizeAfter, bytesRead).
      for (const [k, v] of Object.entries(e.args)) if (!Object.hasOwn(s.args, k)) s.args[k] = v;
    }
  }
  for (const s of spans) if (s.open) s.dur = Math.max(endTs - s.ts, 0);
  return spans.sort((a, b) => a.ts - b.ts || a.depth - b.depth);
}

function gcPauses(spans: Span[]): GcPause[] {
  return spans
    .filter((s) => s.name === 'MinorGC' || s.name === 'MajorGC')
    .map((s) => {
      const g: GcPause = { tid: s.tid, major: s.name === 'MajorGC', ts: s.ts, dur: s.dur };
      const before = own(s.args, 'usedHeapSizeBefore');
      const after = own(s.args, 'usedHeapSizeAfter');
      if (typeof before === 'number') g.heapBefore = before;
      if (typeof after === 'number') g.heapAfter = after;
      return g;
    });
}

// Node's nestable async b/e of its own categories, paired by category, id and name.
function asyncOps(events: CheckedEvent[], endTs: number): AsyncOp[] {
  const open = new Map<string, AsyncOp>();
  const out: AsyncOp[] = [];
  for (const e of events) {
    if ((e.ph !== 'b' && e.ph !== 'e') || e.cat.startsWith('fluoro') || e.id === undefined) continue;
    const key = `${e.cat}\0${e.id}\0${e.name}`;
    if (e.ph === 'b') {
      const op: AsyncOp = { tid: e.tid, name: e.name, cat: e.cat, ts: e.ts, dur: 0, args: { ...e.args }, open: true };
      open.set(key, op);
      out.push(op);
    } else {
      const op = open.get(key);
      if (op === undefined) continue;
      open.delete(key);
      op.dur = e.ts - op.ts;
      op.open = false;
      for (const [k, v] of Object.entries(e.args)) if (!Object.hasOwn(op.args, k)) op.args[k] = v;
    }
  }
  for (const op of out) if (op.open) op.dur = Math.max(endTs - op.ts, 0);
  return out;
}

// HTTP lanes: per id, the first b is the request, nested b/e pairs its phases.
function httpRequests(events: CheckedEvent[], endTs: number): HttpRequest[] {
  const current = new Map<string, { req: HttpRequest; phases: Phase[] }>();
  const out: HttpRequest[] = [];
  for (const e of events) {
    if (e.cat !== 'fluoro.http' || e.id === undefined || (e.ph !== 'b' && e.ph !== 'e')) continue;
    const lane = current.get(e.id);
    if (e.ph === 'b' && lane === undefined) {
      const side = str(e.args, 'side') === 'client' ? 'client' : 'server';
      const req: HttpRequest = {
        id: e.id,
        side,
        name: e.name,
        method: str(e.args, 'method'),
        url: str(e.args, 'url'),
        client: str(e.args, 'client'),
        task: num(e.args, 'task'),
        ts: e.ts,
        dur: 0,
        status: 0,
        open: true,
        begunBeforeTrace: own(e.args, 'begunBeforeTrace') === true,
        phases: [],
      };
      current.set(e.id, { req, phases: [] });
      out.push(req);
    } else if (e.ph === 'b') {
      const phase = { name: e.name, ts: e.ts, dur: -1 };
      lane!.phases.push(phase);
      lane!.req.phases.push(phase);
    } else if (lane !== undefined && e.name === lane.req.name) {
      const r = lane.req;
      r.dur = e.ts - r.ts;
      r.status = num(e.args, 'status');
      r.open = own(e.args, 'open') === true;
      const error = own(e.args, 'error');
      if (typeof error === 'string') r.error = error;
      for (const p of lane.phases) if (p.dur < 0) p.dur = e.ts - p.ts;
      current.delete(e.id);
    } else if (lane !== undefined) {
      const k = lastIndex(lane.phases, (x) => x.name === e.name && x.dur < 0);
      if (k >= 0) lane.phases[k].dur = e.ts - lane.phases[k].ts;
    }
  }
  for (const { req, phases } of current.values()) {
    req.open = true;
    req.dur = Math.max(endTs - req.ts, 0);
    for (const p of phases) if (p.dur < 0) p.dur = Math.max(endTs - p.ts, 0);
  }
  return out;
}

interface UserParts {
  tasks: UserTask[];
  regions: UserRegion[];
  logs: UserLog[];
}

// User annotations: tasks are b/e pairs of type task; regions b/e pairs of
// type region under their task's id, paired by name (regions of one task
// may overlap when they run concurrently); logs are n events.
function userAnnotations(events: CheckedEvent[], endTs: number): UserParts {
  const parts: UserParts = { tasks: [], regions: [], logs: [] };
  const openTasks = new Map<string, UserTask>();
  const openRegions = new Map<string, UserRegion[]>();
  const close = (x: { ts: number; dur: number; open: boolean }, e: CheckedEvent) => {
    x.dur = e.ts - x.ts;
    x.open = own(e.args, 'open') === true;
  };
  for (const e of events) {
    if (e.cat !== 'fluoro.user' || e.id === undefined) continue;
    const type = str(e.args, 'type');
    const task = num(e.args, 'task');
    if (e.ph === 'n' && type === 'log') {
      parts.logs.push({ task, ts: e.ts, category: str(e.args, 'category', e.name), message: str(e.args, 'message') });
    } else if (type === 'task' && e.ph === 'b') {
      const t: UserTask = { task, parent: num(e.args, 'parent'), name: e.name, ts: e.ts, dur: 0, open: true };
      openTasks.set(e.id, t);
      parts.tasks.push(t);
    } else if (type === 'task' && e.ph === 'e') {
      const t = openTasks.get(e.id);
      if (t === undefined) continue;
      openTasks.delete(e.id);
      close(t, e);
      const error = own(e.args, 'error');
      if (typeof error === 'string') t.error = error;
    } else if (type === 'region' && e.ph === 'b') {
      const r: UserRegion = { task, name: e.name, ts: e.ts, dur: 0, open: true };
      openRegions.set(e.id, [...(openRegions.get(e.id) ?? []), r]);
      parts.regions.push(r);
    } else if (type === 'region' && e.ph === 'e') {
      const list = openRegions.get(e.id) ?? [];
      const k = lastIndex(list, (r) => r.name === e.name);
      if (k < 0) continue;
      close(list[k], e);
      list.splice(k, 1);
    }
  }
  for (const x of [...openTasks.values(), ...[...openRegions.values()].flat()]) {
    x.open = true;
    x.dur = Math.max(endTs - x.ts, 0);
  }
  return parts;
}

function counterSeries(events: CheckedEvent[]): CounterSeries[] {
  const byName = new Map<string, CounterSeries>();
  for (const e of events) {
    if (e.ph !== 'C') continue;
    let s = byName.get(e.name);
    if (s === undefined) {
      s = { name: e.name, ts: [], values: new Map() };
      byName.set(e.name, s);
    }
    const k = s.ts.length;
    s.ts.push(e.ts);
    for (const [key, v] of Object.entries(e.args)) {
      if (typeof v !== 'number') continue;
      let vs = s.values.get(key);
      if (vs === undefined) {
        vs = new Array<number>(k).fill(NaN);
        s.values.set(key, vs);
      }
      vs[k] = v;
    }
    for (const vs of s.values.values()) if (vs.length < k + 1) vs.push(NaN);
  }
  return [...byName.values()];
}

function threadNames(events: CheckedEvent[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && typeof own(e.args, 'name') === 'string') names.set(e.tid, own(e.args, 'name') as string);
  return names;
}

function nodeVersion(events: CheckedEvent[]): string {
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'version' && typeof own(e.args, 'node') === 'string') return own(e.args, 'node') as string;
  }
  return '';
}

// window is the trace's time range: the endpoint's, else the events' own.
function window(file: ReadTrace): { startTs: number; endTs: number } {
  if (file.fluoro) return { startTs: file.fluoro.startTs, endTs: file.fluoro.endTs };
  let startTs = Infinity;
  let endTs = -Infinity;
  for (const e of file.events) {
    if (e.ph === 'M') continue;
    startTs = Math.min(startTs, e.ts);
    endTs = Math.max(endTs, e.ts + (e.dur ?? 0));
  }
  return startTs <= endTs ? { startTs, endTs } : { startTs: 0, endTs: 0 };
}

/** buildTrace groups a read trace file into slices, spans, requests, tasks and the rest. */
export function buildTrace(file: ReadTrace): Trace {
  const { startTs, endTs } = window(file);
  const meta = file.fluoro;
  const names = threadNames(file.events);
  const mainTid = meta?.mainTid || ([...names].find(([, n]) => n === 'JavaScriptMainThread')?.[0] ?? 0);
  const slices: TaskSlice[] = [];
  file.events.forEach((e, i) => {
    if (e.cat === 'fluoro.task' && e.ph === 'X') slices.push(readSlice(e, i));
  });
  const spans = threadSpans(file.events, endTs);
  const cpus = readCpuSamples(file.events);
  const cpu = cpus.find((c) => c.tid === mainTid) ?? cpus[0];
  return {
    startTs,
    endTs,
    timeNanos: meta?.timeNanos ?? 0,
    pid: meta?.pid ?? file.events.find((e) => e.pid !== 0)?.pid ?? 0,
    mainTid,
    nodeVersion: nodeVersion(file.events),
    threadNames: names,
    ...(meta?.loop ? { loop: meta.loop } : {}),
    recorder: meta?.recorder ?? false,
    dropped: meta?.dropped ?? { ringBytes: 0, records: 0, nodeEvents: 0 },
    detail: meta?.detail ?? '',
    slices: slices.sort((a, b) => a.ts - b.ts),
    spans,
    gcs: gcPauses(spans),
    asyncOps: asyncOps(file.events, endTs),
    requests: httpRequests(file.events, endTs),
    ...userAnnotations(file.events, endTs),
    counters: counterSeries(file.events),
    waits: meta?.waits ?? [],
    ...(cpu ? { cpu } : {}),
  };
}

// How far a slice's first CPU sample can lag its task's start (a late
// sampler): slice boundaries are only that precise.
const SAMPLE_LAG = 10_000;
// Slices of these kinds right before a task's slice are the task's own
// first samples (a GC it caused, VM work), which the sampler cut apart.
const LEAD_KINDS = new Set(['gc', 'native']);

// handlerEnd is when a server request's handler phase ended (its response
// head was written), or the request's end when it has none.
function handlerEnd(r: HttpRequest): number {
  const h = r.phases.find((p) => p.name === 'handler');
  return h ? h.ts + h.dur : r.ts + r.dur;
}

/**
 * sliceOwners maps macrotask slices to the server request whose work they
 * are. A request whose handler began and ended inside a slice (give or take
 * the sampler's lag, and counting the GC or VM slices just before it as its
 * start) ran its handler synchronously there; one that ended inside beats
 * one that ended just after, then the longer handler wins.
 * Otherwise a slice belongs to the request that began in it or in the gap
 * before it (the parser's callback runs the handler): of several, the last
 * to begin before the slice's first sample, else the first inside it.
 */
export function sliceOwners(trace: Trace): Map<TaskSlice, HttpRequest> {
  // A request begun before the trace has no known start to place it by.
  const servers = trace.requests.filter((r) => r.side === 'server' && !r.begunBeforeTrace).sort((a, b) => a.ts - b.ts);
  const owners = new Map<TaskSlice, HttpRequest>();
  const claimed = new Set<HttpRequest>();
  const slices = trace.slices;
  for (let k = 0; k < slices.length; k++) {
    const s = slices[k];
    const end = s.ts + s.dur;
    // The task began where its lead slices did: GC or VM work just before it, with no idle between.
    let lead = k;
    while (lead > 0 && LEAD_KINDS.has(slices[lead - 1].kind) && slices[lead].ts - (slices[lead - 1].ts + slices[lead - 1].dur) <= SAMPLE_LAG) lead--;
    const start = slices[lead].ts;
    const rank = (r: HttpRequest): [number, number] => [handlerEnd(r) <= end ? 1 : 0, handlerEnd(r) - r.ts];
    let best: HttpRequest | undefined;
    for (const r of servers) {
      if (r.ts < start - SAMPLE_LAG || r.ts >= end || handlerEnd(r) > end + SAMPLE_LAG) continue;
      if (best === undefined) {
        best = r;
        continue;
      }
      const [a, b] = [rank(r), rank(best)];
      if (a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])) best = r;
    }
    if (best !== undefined) {
      for (let i = lead; i <= k; i++) owners.set(slices[i], best);
      claimed.add(best);
    }
  }
  const started = servers.filter((r) => !claimed.has(r));
  let prevEnd = -Infinity;
  for (const s of trace.slices) {
    if (!owners.has(s)) {
      const candidates = started.filter((r) => r.ts > prevEnd && r.ts < s.ts + s.dur);
      const before = candidates.filter((r) => r.ts <= s.ts);
      const owner = before.length > 0 ? before[before.length - 1] : candidates[0];
      if (owner !== undefined) owners.set(s, owner);
    }
    prevEnd = Math.max(prevEnd, s.ts + s.dur);
  }
  return owners;
}

/** droppedText says what the endpoint lost, or "" when nothing. */
export function droppedText(d: Dropped): string {
  const parts: string[] = [];
  if (d.records > 0) parts.push(`${d.records} fluoro records`);
  if (d.nodeEvents > 0) parts.push(`${d.nodeEvents} Node events`);
  if (d.ringBytes > 0) parts.push(`${d.ringBytes} bytes of fluoro records the endpoint fell behind on`);
  return parts.length > 0 ? `the trace lost ${parts.join(', ')}` : '';
}
