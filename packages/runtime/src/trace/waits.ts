// The sched and syscall waits of a trace (docs/trace-format.md, "waits"),
// read off the counter probes, Node's own events and the CPU samples.

import type { TraceEvent, Wait } from './events.js';
import type { Probe } from './lanes.js';
import { lowerBound, samplesBetween, type SampleTimeline } from './samples.js';

/** LATE_MICROS: a probe later than this counts as a sched wait (timers fire up to a millisecond late on an idle loop). */
export const LATE_MICROS = 2000;

/** schedWaits charges each late probe's lateness to the stacks sampled while the loop kept it waiting. */
export function schedWaits(probes: Probe[], tl: SampleTimeline | undefined): Wait[] {
  const out: Wait[] = [];
  for (const p of probes) {
    if (p.late <= LATE_MICROS) continue;
    const from = p.ts - p.late;
    const busy = tl === undefined ? [] : samplesBetween(tl, from, p.ts).filter((i) => !tl.isIdle(tl.nodes[i]));
    if (busy.length === 0) {
      out.push({ type: 'sched', ts: from, dur: p.late, stack: ['(no CPU sample)'], weight: 1 });
      continue;
    }
    const byNode = new Map<number, number>();
    for (const i of busy) byNode.set(tl!.nodes[i], (byNode.get(tl!.nodes[i]) ?? 0) + 1);
    for (const [node, n] of byNode) out.push({ type: 'sched', ts: from, dur: (p.late * n) / busy.length, stack: tl!.stackOf(node), weight: 1 });
  }
  return out;
}

/** syscallWaits returns the sync fs calls on the main thread and the threadpool work (async fs, DNS lookups) in Node's events. */
export function syscallWaits(events: readonly TraceEvent[], mainTid: number, tl: SampleTimeline | undefined): Wait[] {
  const out: Wait[] = [];
  const open = new Map<string, TraceEvent>();
  const sync: TraceEvent[] = [];
  for (const e of events) {
    const cat = e.cat ?? '';
    if (cat.includes('node.fs.sync') && e.tid === mainTid) {
      if (e.ph === 'B') sync.push(e);
      else if (e.ph === 'E') {
        const b = sync.pop();
        if (b !== undefined && b.name === e.name) out.push({ type: 'syscall', ts: b.ts, dur: e.ts - b.ts, stack: [e.name, ...syncStack(tl, b.ts, e.ts)], weight: 1 });
      }
      continue;
    }
    const pool = cat.includes('node.fs.async') || cat.includes('node.dns.native');
    if (!pool || e.id === undefined) continue;
    const key = `${e.id}\0${e.name}`;
    if (e.ph === 'b') open.set(key, e);
    else if (e.ph === 'e') {
      const b = open.get(key);
      if (b === undefined) continue;
      open.delete(key);
      const leaf = cat.includes('node.dns.native') ? `dns.${e.name} ${String(b.args?.hostname ?? '')}`.trim() : `fs.${e.name} (threadpool)`;
      out.push({ type: 'syscall', ts: b.ts, dur: e.ts - b.ts, stack: [leaf], weight: 1 });
    }
  }
  return out;
}

// syncStack is the JavaScript stack around a sync call: the sample taken
// during it, else the nearest busy sample within one interval of it.
function syncStack(tl: SampleTimeline | undefined, from: number, to: number): string[] {
  if (tl === undefined) return [];
  const inside = samplesBetween(tl, from, to).find((i) => !tl.isIdle(tl.nodes[i]));
  if (inside !== undefined) return tl.stackOf(tl.nodes[inside]);
  const after = lowerBound(tl.times, to);
  const near = [after - 1, after]
    .filter((i) => i >= 0 && i < tl.times.length && !tl.isIdle(tl.nodes[i]))
    .filter((i) => Math.min(Math.abs(tl.times[i] - from), Math.abs(tl.times[i] - to)) <= tl.intervalMicros)
    .sort((a, b) => Math.abs(tl.times[a] - from) - Math.abs(tl.times[b] - from));
  return near.length > 0 ? tl.stackOf(tl.nodes[near[0]]) : [];
}
