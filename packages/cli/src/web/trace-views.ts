// The timeline page's JSON (trace-contract.ts) computed from a trace: lanes
// laid out in rows, every slice with the details its side panel shows,
// the long tasks, and latency histograms of user tasks and regions. The
// page only draws what it gets.

import { scaledLabel } from '../measurement/units.js';
import { countInWindow } from '../trace/cpu.js';
import { appFrame } from '../trace/frames.js';
import { droppedText, sliceOwners, type AsyncOp, type Span, type Trace, type UserRegion, type UserTask } from '../trace/model.js';
import { BUCKET_EDGES, bucketOf, latencyStats } from '../trace/stats.js';
import type { CpuWindowRef, LatencyGroup, LaneKind, LongTask, SliceDetails, TimelineLane, TimelineSlice, TimelineView } from './trace-contract.js';

// Long tasks listed: enough to scroll through, not every 1 ms slice.
const LONG_TASKS = 50;

function us(v: number): string {
  return scaledLabel(v, 'microseconds', 'minimum');
}

// A value from a trace event's args shown as text: scalars as they are,
// anything else as JSON (the page shows it as text either way).
function argText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v) ?? '';
}

// pack assigns rows: each item to the first row free at its start.
function pack<T extends { ts: number; dur: number }>(items: T[]): Map<T, number> {
  const ends: number[] = [];
  const rows = new Map<T, number>();
  for (const it of [...items].sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
    let row = ends.findIndex((end) => end <= it.ts);
    if (row < 0) row = ends.length;
    ends[row] = it.ts + it.dur;
    rows.set(it, row);
  }
  return rows;
}

class Builder {
  readonly lanes: TimelineLane[] = [];
  readonly slices: TimelineSlice[] = [];

  constructor(readonly trace: Trace) {}

  rel(ts: number): number {
    return ts - this.trace.startTs;
  }

  cpu(ts: number, dur: number): CpuWindowRef | undefined {
    if (this.trace.cpu === undefined) return undefined;
    const w = { from: this.rel(ts), to: this.rel(ts + dur) };
    const samples = countInWindow(this.trace.cpu, { from: ts, to: ts + dur });
    return samples > 0 ? { ...w, samples } : undefined;
  }

  lane(title: string, kind: LaneKind): number {
    this.lanes.push({ title, kind, rows: 0 });
    return this.lanes.length - 1;
  }

  add(lane: number, row: number, s: Omit<TimelineSlice, 'lane' | 'row'>): number {
    this.slices.push({ lane, row, ...s });
    this.lanes[lane].rows = Math.max(this.lanes[lane].rows, row + 1);
    return this.slices.length - 1;
  }

  times(ts: number, dur: number, open: boolean): [string, string][] {
    return [
      ['start', us(this.rel(ts))],
      ['duration', us(dur) + (open ? ' (still running at the end)' : '')],
    ];
  }

  details(title: string, fields: [string, string][], extra: Omit<SliceDetails, 'title' | 'fields'>, window?: { ts: number; dur: number }): SliceDetails {
    const cpu = window ? this.cpu(window.ts, window.dur) : undefined;
    return { title, fields, ...extra, ...(cpu ? { cpu } : {}) };
  }
}

function loopLane(b: Builder): LongTask[] {
  const rows: (LongTask & { dur: number; ts: number })[] = [];
  if (b.trace.slices.length === 0) return [];
  const lane = b.lane('event loop', 'loop');
  const owners = sliceOwners(b.trace);
  for (const s of b.trace.slices) {
    const func = appFrame(s.stack);
    const req = owners.get(s);
    const fields: [string, string][] = [['kind', s.kind], ...b.times(s.ts, s.dur, s.open), ['entry', s.entry], ['function', func], ['CPU samples', String(s.samples)]];
    if (req) fields.push(['request', req.name]);
    const id = b.add(lane, 0, {
        start: b.rel(s.ts),
        dur: s.dur,
        name: func !== '' ? `${s.kind}: ${func}` : s.kind,
        color: `loop:${s.kind}`,
        open: s.open,
      details: b.details(`${s.kind} task`, fields, { frames: s.frames, stack: s.stack }, s),
    });
    rows.push({ slice: id, kind: s.kind, func, request: req?.name ?? '', dur: s.dur, ts: s.ts });
  }
  rows.sort((x, y) => y.dur - x.dur || x.ts - y.ts);
  return rows.slice(0, LONG_TASKS).map(({ slice, kind, func, request }) => ({ slice, kind, func, request }));
}

function threadLanes(b: Builder): void {
  const t = b.trace;
  const byTid = new Map<number, Span[]>();
  for (const s of t.spans) byTid.set(s.tid, [...(byTid.get(s.tid) ?? []), s]);
  const tids = [...byTid.keys()].sort((a, c) => (a === t.mainTid ? -1 : c === t.mainTid ? 1 : a - c));
  for (const tid of tids) {
    const name = t.threadNames.get(tid);
    const title = tid === t.mainTid ? 'main thread (Node, V8)' : `thread ${tid}${name ? ` (${name})` : ''}`;
    const lane = b.lane(title, 'thread');
    for (const s of byTid.get(tid)!) {
      const args = Object.entries(s.args).map(([k, v]): [string, string] => [k, argText(v)]);
      b.add(lane, s.depth, {
        start: b.rel(s.ts),
        dur: s.dur,
        name: s.name,
        color: s.name === 'MinorGC' || s.name === 'MajorGC' ? 'gc' : `thread:${s.cat}`,
        open: s.open,
        details: b.details(s.name, [['thread', String(tid)], ['category', s.cat], ...b.times(s.ts, s.dur, s.open), ...args], {}),
      });
    }
  }
}

function asyncLane(b: Builder): void {
  const ops = b.trace.asyncOps;
  if (ops.length === 0) return;
  const lane = b.lane('async I/O (Node)', 'async');
  const rows = pack(ops);
  for (const op of ops) {
    const args = Object.entries(op.args).map(([k, v]): [string, string] => [k, argText(v)]);
    const fields: [string, string][] = [['category', op.cat], ['thread', String(op.tid)], ...b.times(op.ts, op.dur, op.open), ...args];
    b.add(lane, rows.get(op)!, { start: b.rel(op.ts), dur: op.dur, name: opName(op), color: `async:${op.name}`, open: op.open, details: b.details(op.name, fields, {}) });
  }
}

function opName(op: AsyncOp): string {
  const target = op.args.hostname ?? op.args.path ?? op.args.ip;
  return typeof target === 'string' ? `${op.name} ${target}` : op.name;
}

function requestLanes(b: Builder): void {
  for (const side of ['server', 'client'] as const) {
    const reqs = b.trace.requests.filter((r) => r.side === side);
    if (reqs.length === 0) continue;
    const lane = b.lane(side === 'server' ? 'HTTP server requests' : 'HTTP client requests', side);
    const rows = pack(reqs);
    for (const r of reqs) {
      const fields: [string, string][] = [['side', r.side], ['method', r.method], ['url', r.url]];
      if (r.client !== '') fields.push(['client', r.client]);
      fields.push(['status', r.status === 0 ? '-' : String(r.status)]);
      if (r.error !== undefined) fields.push(['error', r.error]);
      if (r.task !== 0) fields.push(['user task', String(r.task)]);
      fields.push(...b.times(r.ts, r.dur, r.open));
      if (r.begunBeforeTrace) fields.push(['note', 'began before the trace']);
      for (const p of r.phases) fields.push([`phase ${p.name}`, us(p.dur)]);
      b.add(lane, rows.get(r)!, {
        start: b.rel(r.ts),
        dur: r.dur,
        name: r.name,
        color: r.error !== undefined || r.status >= 500 ? 'error' : side,
        open: r.open,
        segments: r.phases.map((p) => ({ name: p.name, start: b.rel(p.ts), dur: p.dur })),
        details: b.details(r.name, fields, {}, r),
      });
    }
  }
}

function userLanes(b: Builder): { tasks: Map<UserTask, number>; regions: Map<UserRegion, number> } {
  const t = b.trace;
  const taskIds = new Map<UserTask, number>();
  const regionIds = new Map<UserRegion, number>();
  const names = new Map(t.tasks.map((k) => [k.task, k.name]));
  if (t.tasks.length > 0) {
    const lane = b.lane('user tasks', 'task');
    const rows = pack(t.tasks);
    for (const k of t.tasks) {
      const logs = t.logs.filter((l) => l.task === k.task);
      const fields: [string, string][] = [['task', String(k.task)], ...b.times(k.ts, k.dur, k.open)];
      if (k.parent !== 0) fields.push(['parent', `${k.parent}${names.has(k.parent) ? ` (${names.get(k.parent)})` : ''}`]);
      if (k.error !== undefined) fields.push(['error', k.error]);
      for (const r of t.regions.filter((x) => x.task === k.task)) fields.push([`region ${r.name}`, `${us(r.dur)} at ${us(b.rel(r.ts))}`]);
      const id = b.add(lane, rows.get(k)!, {
        start: b.rel(k.ts),
        dur: k.dur,
        name: k.name,
        color: k.error !== undefined ? 'error' : 'task',
        open: k.open,
        marks: logs.map((l) => b.rel(l.ts)),
        details: b.details(k.name, fields, { logs: logs.map((l) => ({ at: b.rel(l.ts), category: l.category, message: l.message })) }, k),
      });
      taskIds.set(k, id);
    }
  }
  if (t.regions.length > 0) {
    const lane = b.lane('user regions', 'region');
    const rows = pack(t.regions);
    for (const r of t.regions) {
      const task = r.task === 0 ? 'none' : `${r.task}${names.has(r.task) ? ` (${names.get(r.task)})` : ''}`;
      const id = b.add(lane, rows.get(r)!, {
        start: b.rel(r.ts),
        dur: r.dur,
        name: r.name,
        color: 'region',
        open: r.open,
        details: b.details(r.name, [['task', task], ...b.times(r.ts, r.dur, r.open)], {}, r),
      });
      regionIds.set(r, id);
    }
  }
  // Logs outside any task the trace knows (task 0, or one begun before it).
  const loose = t.logs.filter((l) => !names.has(l.task));
  if (loose.length > 0) {
    const lane = b.lane('user logs', 'task');
    for (const l of loose) {
      b.add(lane, 0, { start: b.rel(l.ts), dur: 0, name: l.category, color: 'log', open: false, details: b.details(`log ${l.category}`, [['at', us(b.rel(l.ts))], ['task', String(l.task)], ['message', l.message]], {}) });
    }
  }
  return { tasks: taskIds, regions: regionIds };
}

function counterLanes(b: Builder): void {
  const wanted: [string, string, string, number][] = [
    ['event loop delay', 'ms', 'milliseconds', 1],
    ['heap', 'used', 'bytes', 1],
  ];
  for (const [name, key, unit, scale] of wanted) {
    const series = b.trace.counters.find((c) => c.name === name);
    const values = series?.values.get(key);
    if (series === undefined || values === undefined) continue;
    const ts: number[] = [];
    const vs: number[] = [];
    values.forEach((v, i) => {
      if (Number.isFinite(v)) {
        ts.push(b.rel(series.ts[i]));
        vs.push(v * scale);
      }
    });
    const lane = b.lane(name === 'heap' ? 'heap used' : name, 'counter');
    b.lanes[lane].counter = { unit, ts, values: vs, max: vs.reduce((a, v) => Math.max(a, v), 0) };
  }
}

function groups<T extends { name: string; dur: number; open: boolean }>(items: T[], ids: Map<T, number>): LatencyGroup[] {
  return latencyStats(items).map((s) => {
    const mine = items.filter((x) => x.name === s.name && !x.open).sort((a, c) => c.dur - a.dur);
    const byBucket = new Map<number, number[]>();
    for (const x of mine) {
      const k = bucketOf(x.dur);
      byBucket.set(k, [...(byBucket.get(k) ?? []), ids.get(x)!]);
    }
    const keys = [...byBucket.keys()];
    const buckets = [];
    // Every bucket from the fastest to the slowest used one, empty ones too, so bars line up on one scale.
    if (keys.length > 0) for (let k = Math.min(...keys); k <= Math.max(...keys); k++) buckets.push({ edge: BUCKET_EDGES[k], slices: byBucket.get(k) ?? [] });
    return { name: s.name, count: s.count, open: s.open, p50: s.p50, p90: s.p90, p99: s.p99, max: s.max, buckets };
  });
}

/** timelineView computes the timeline page's JSON for a trace. */
export function timelineView(trace: Trace, title: string): TimelineView {
  const b = new Builder(trace);
  const longTasks = loopLane(b);
  threadLanes(b);
  asyncLane(b);
  requestLanes(b);
  const user = userLanes(b);
  counterLanes(b);
  const warnings: string[] = [];
  if (!trace.recorder) warnings.push('The main thread had no fluoro recorder: no event loop slices, request lanes, user tasks or counters.');
  const lost = droppedText(trace.dropped);
  if (lost !== '') warnings.push(lost[0].toUpperCase() + lost.slice(1) + '.');
  const cpu = b.cpu(trace.startTs, trace.endTs - trace.startTs);
  return {
    title,
    duration: trace.endTs - trace.startTs,
    timeNanos: trace.timeNanos,
    pid: trace.pid,
    nodeVersion: trace.nodeVersion,
    ...(trace.loop ? { loop: trace.loop } : {}),
    warnings,
    lanes: b.lanes,
    slices: b.slices,
    longTasks,
    tasks: groups(trace.tasks, user.tasks),
    regions: groups(trace.regions, user.regions),
    ...(cpu ? { cpu } : {}),
  };
}
