// Macrotask slices from the CPU samples of a trace (docs/trace-format.md,
// "Macrotask slices"): a slice is a run of non-idle samples with the same
// entry function; the tick and microtask drain that follows a callback, a GC
// and the VM's own work inside it join the callback's slice. Boundaries are
// as precise as the sampling interval.

import type { CpuProfileNode } from '../v8-types.js';
import { TASKS_TID, type TraceEvent } from './events.js';
import type { SampleTimeline } from './samples.js';

/** HOT_FRAMES is how many of a slice's hottest frames it names. */
export const HOT_FRAMES = 5;

// Node's functions that the event loop calls, by the kind of work they start.
const KINDS: Record<string, string> = {
  processTimers: 'timer',
  listOnTimeout: 'timer',
  processImmediate: 'immediate',
  parserOnHeadersComplete: 'http',
  parserOnIncoming: 'http',
  parserOnBody: 'http',
  parserOnMessageComplete: 'http',
  parserOnExecute: 'http',
  onStreamRead: 'socket data',
  onconnection: 'incoming connection',
  afterConnect: 'connect',
  onlookup: 'dns',
  onlookupall: 'dns',
  onresolve: 'dns',
  processTicksAndRejections: 'microtasks',
  runMicrotasks: 'microtasks',
  '(program)': 'native',
  '(garbage collector)': 'gc',
};

/** sliceKind names the kind of work an entry frame starts. */
export function sliceKind(entry: CpuProfileNode): string {
  const { functionName, url, lineNumber } = entry.callFrame;
  const known = KINDS[functionName];
  if (known !== undefined) return known;
  if (functionName === 'oncomplete' && (url === 'node:fs' || url.startsWith('node:internal/fs'))) return 'fs callback';
  if (functionName === '' && lineNumber === 0 && url !== '' && !url.startsWith('node:')) return 'script';
  return 'callback';
}

interface Open {
  entry: CpuProfileNode;
  first: number;
  last: number;
}

/** taskSlices returns the slices of a trace's samples as fluoro.task events on the tasks lane. */
export function taskSlices(tl: SampleTimeline, pid: number, endTs: number): TraceEvent[] {
  const out: TraceEvent[] = [];
  let open: Open | undefined;
  const close = (endIndex: number) => {
    if (open === undefined) return;
    out.push(sliceEvent(tl, open, endIndex, pid, endTs));
    open = undefined;
  };
  for (let i = 0; i < tl.nodes.length; i++) {
    const id = tl.nodes[i];
    if (tl.isIdle(id)) {
      close(i);
      continue;
    }
    const entry = tl.entryOf.get(id)!;
    if (open !== undefined && joins(open.entry, entry)) {
      open.last = i;
      continue;
    }
    close(i);
    open = { entry, first: i, last: i };
  }
  close(tl.nodes.length);
  return out;
}

// joins tells whether a sample with `entry` continues a slice whose entry is `current`.
function joins(current: CpuProfileNode, entry: CpuProfileNode): boolean {
  if (entry === current) return true;
  const kind = sliceKind(entry);
  return kind === 'gc' || kind === 'native' || (kind === 'microtasks' && sliceKind(current) !== 'microtasks');
}

function sliceEvent(tl: SampleTimeline, open: Open, endIndex: number, pid: number, endTs: number): TraceEvent {
  const ts = tl.times[open.first];
  const lastEnds = endIndex < tl.times.length;
  const end = lastEnds ? tl.times[endIndex] : Math.max(tl.profile.endTime, tl.times[open.last] + tl.intervalMicros);
  const self = new Map<string, number>();
  const stacks = new Map<number, number>();
  for (let i = open.first; i <= open.last; i++) {
    const id = tl.nodes[i];
    const f = tl.frameOf(id);
    self.set(f, (self.get(f) ?? 0) + 1);
    stacks.set(id, (stacks.get(id) ?? 0) + 1);
  }
  const frames = [...self]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, HOT_FRAMES)
    .map(([frame, samples]) => ({ frame, samples }));
  const hottest = [...stacks].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
  const args: Record<string, unknown> = {
    entry: tl.frameOf(open.entry.id),
    samples: open.last - open.first + 1,
    frames,
    stack: tl.stackOf(hottest),
  };
  // Still running when the profile stopped: the loop was stuck in it.
  if (!lastEnds && tl.times[open.last] + 2 * tl.intervalMicros >= Math.min(tl.profile.endTime, endTs)) args.open = true;
  return { name: sliceKind(open.entry), cat: 'fluoro.task', ph: 'X', pid, tid: TASKS_TID, ts, dur: Math.max(end - ts, 0), args };
}

/** profileEvents returns the samples as Chrome's Profile and ProfileChunk events, call frames source-mapped. */
export function profileEvents(tl: SampleTimeline, pid: number, tid: number, mapped: (node: CpuProfileNode) => { functionName: string; url: string; lineNumber: number }): TraceEvent[] {
  const { profile } = tl;
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const nodes = profile.nodes.map((n) => {
    const special = n.callFrame.url === '' && n.callFrame.functionName.startsWith('(');
    const m = special ? { functionName: n.callFrame.functionName, url: '', lineNumber: n.callFrame.lineNumber } : mapped(n);
    const node: Record<string, unknown> = {
      id: n.id,
      callFrame: { ...m, scriptId: n.callFrame.scriptId, columnNumber: n.callFrame.columnNumber },
    };
    const p = parent.get(n.id);
    if (p !== undefined) node.parent = p;
    return node;
  });
  const common = { cat: 'disabled-by-default-v8.cpu_profiler', ph: 'P', pid, tid, ts: profile.startTime, id: '0x1' };
  return [
    { ...common, name: 'Profile', args: { data: { startTime: profile.startTime } } },
    { ...common, name: 'ProfileChunk', args: { data: { cpuProfile: { nodes, samples: profile.samples ?? [] }, timeDeltas: profile.timeDeltas ?? [] } } },
  ];
}
