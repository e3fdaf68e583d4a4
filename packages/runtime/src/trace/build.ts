// Assembles the trace file (docs/trace-format.md) from what a trace
// collected: Node's events as its tracing agent sent them, the main
// thread's ring records, and the CPU profile taken alongside.

import type { CpuProfile } from '../v8-types.js';
import { TASKS_TID, type TraceEvent, type Wait } from './events.js';
import { FrameNamer } from './frame-names.js';
import { recordEvents } from './lanes.js';
import type { LoopUse } from './recorder-hook.js';
import type { RingRecord } from './ring.js';
import { sampleTimeline } from './samples.js';
import { profileEvents, taskSlices } from './slices.js';
import { schedWaits, syscallWaits } from './waits.js';
import { PROBE_MS } from './records.js';
import type { TraceDropped } from '@fluoro/profile';

/** TRACE_FORMAT_VERSION is metadata.fluoro.version. */
export const TRACE_FORMAT_VERSION = 1;

/** TraceParts is everything one trace collected. */
export interface TraceParts {
  nodeEvents: TraceEvent[];
  records: RingRecord[];
  profile: CpuProfile | undefined;
  startTs: number;
  endTs: number;
  timeNanos: number;
  categories: string[];
  detail: string;
  sampleIntervalMicros: number;
  loop: LoopUse | null;
  recorder: boolean;
  /** What was lost: bytes of the main thread's records (the reader fell a ring behind, or over the cap), Node events over the cap. */
  dropped: TraceDropped;
}

/** TraceFile is the JSON object the endpoint serves. */
export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  metadata: { fluoro: Record<string, unknown> & { waits: Wait[] } };
}

/** buildTrace merges a trace's parts into the file, events sorted by time (metadata events first). */
export function buildTrace(parts: TraceParts): TraceFile {
  const pid = process.pid;
  const mainTid = parts.nodeEvents.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'JavaScriptMainThread')?.tid ?? pid;
  const lane = { pid, tid: mainTid };
  const clip = { startTs: parts.startTs, endTs: parts.endTs };
  const names = new FrameNamer();
  const tl = parts.profile === undefined ? undefined : sampleTimeline(parts.profile, names, parts.sampleIntervalMicros);
  const fromRecords = recordEvents(parts.records, lane, clip, names);
  const fluoro: TraceEvent[] = [
    { name: 'thread_name', ph: 'M', pid, tid: TASKS_TID, ts: 0, args: { name: 'event loop (fluoro)' } },
    ...fromRecords.events,
    ...heapCounter(parts.nodeEvents, mainTid),
  ];
  if (tl !== undefined) {
    fluoro.push(...taskSlices(tl, pid, parts.endTs));
    fluoro.push(...profileEvents(tl, pid, mainTid, (node) => names.mapped(node.callFrame)));
  }
  const waits = [
    ...fromRecords.waits,
    ...syscallWaits(parts.nodeEvents, mainTid, tl),
    ...schedWaits(fromRecords.probes, tl),
  ].sort((a, b) => a.ts - b.ts);
  const traceEvents = [...withoutOrphanEnds(parts.nodeEvents), ...fluoro];
  // Stable: events at one time keep their order (a lane's begin before its first phase's).
  traceEvents.sort((a, b) => (a.ph === 'M' ? 0 : 1) - (b.ph === 'M' ? 0 : 1) || (a.ph === 'M' ? 0 : a.ts - b.ts));
  return {
    traceEvents,
    displayTimeUnit: 'ms',
    metadata: {
      fluoro: {
        version: TRACE_FORMAT_VERSION,
        startTs: parts.startTs,
        endTs: parts.endTs,
        timeNanos: parts.timeNanos,
        pid,
        mainTid,
        categories: parts.categories,
        detail: parts.detail,
        sampleIntervalMicros: parts.sampleIntervalMicros,
        probeMicros: PROBE_MS * 1000,
        loop: parts.loop,
        recorder: parts.recorder,
        dropped: parts.dropped,
        waits,
      },
    },
  };
}

// withoutOrphanEnds drops Node's E events whose B came before the trace
// started (a GC or a microtask run under way at the start): without their B
// they end nothing, and viewers disagree on what to do with them.
function withoutOrphanEnds(events: TraceEvent[]): TraceEvent[] {
  const depth = new Map<string, number>();
  const inOrder = events.filter((e) => e.ph !== 'M').sort((a, b) => a.ts - b.ts);
  return [...events.filter((e) => e.ph === 'M'), ...inOrder].filter((e) => {
    if (e.ph !== 'B' && e.ph !== 'E') return true;
    const thread = `${e.pid}/${e.tid}`;
    const open = depth.get(thread) ?? 0;
    if (e.ph === 'B') {
      depth.set(thread, open + 1);
      return true;
    }
    if (open === 0) return false;
    depth.set(thread, open - 1);
    return true;
  });
}

// heapCounter reads the main thread's heap use off V8's GC events, which
// carry it before and after each collection: a counter for free.
function heapCounter(events: TraceEvent[], mainTid: number): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const e of events) {
    if (e.tid !== mainTid || (e.name !== 'MinorGC' && e.name !== 'MajorGC')) continue;
    const used = e.ph === 'B' ? e.args?.usedHeapSizeBefore : e.ph === 'E' ? e.args?.usedHeapSizeAfter : undefined;
    if (typeof used === 'number') out.push({ name: 'heap', ph: 'C', pid: e.pid, tid: e.tid, ts: e.ts, args: { used } });
  }
  return out;
}
