// `fluoro trace -pprof=TYPE`: a pprof profile of waiting time by stack, as
// `go tool trace -pprof=TYPE` writes one: sample types contentions/count and
// delay/nanoseconds, period type trace/count, one sample per distinct stack.
// The waits are the endpoint's (metadata.fluoro.waits); each counts its
// weight in contentions and dur * weight in delay.

import { emptyProfile, type Location, type Profile, type ProfileFunction } from '@fluoro/profile';
import { parseFrame } from './frames.js';
import type { Trace } from './model.js';
import { WAIT_TYPES, type WaitType } from '@fluoro/profile';

export { WAIT_TYPES };

/** WAIT_HELP says what each profile type counts, in Node's terms. */
export const WAIT_HELP: Record<WaitType, string> = {
  net: 'network blocking profile: outgoing HTTP requests (node:http, https, fetch), start to end of body',
  sync: 'synchronization blocking profile: awaits, creation to run (needs a trace taken with detail=async)',
  syscall: 'syscall blocking profile: sync fs calls, threadpool fs operations and DNS lookups',
  sched: 'scheduler latency profile: time ready callbacks waited while the event loop was busy, by the code that held it',
};

/** isWaitType reports whether s names a profile type. */
export function isWaitType(s: string): s is WaitType {
  return (WAIT_TYPES as readonly string[]).includes(s);
}

/** waitProfile builds the -pprof=type profile of a trace's waits. */
export function waitProfile(trace: Trace, type: WaitType): Profile {
  const p = emptyProfile([
    { type: 'contentions', unit: 'count' },
    { type: 'delay', unit: 'nanoseconds' },
  ]);
  p.periodType = { type: 'trace', unit: 'count' };
  p.period = 1;
  p.timeNanos = trace.timeNanos;
  p.durationNanos = Math.round((trace.endTs - trace.startTs) * 1000);
  const functions = new Map<string, ProfileFunction>();
  const locations = new Map<string, Location>();
  const locationOf = (frame: string): Location => {
    let loc = locations.get(frame);
    if (loc !== undefined) return loc;
    const f = parseFrame(frame);
    const key = `${f.file}\0${f.name}`;
    let fn = functions.get(key);
    if (fn === undefined) {
      fn = { id: p.function.length + 1, name: f.name, systemName: f.name, filename: f.file, startLine: 0 };
      functions.set(key, fn);
      p.function.push(fn);
    }
    loc = { id: p.location.length + 1, address: 0n, line: [{ function: fn, line: f.line, column: 0 }], isFolded: false };
    locations.set(frame, loc);
    p.location.push(loc);
    return loc;
  };
  const byStack = new Map<string, { stack: string[]; count: number; nanos: number }>();
  for (const w of trace.waits) {
    if (w.type !== type || w.stack.length === 0) continue;
    const key = w.stack.join('\n');
    const rec = byStack.get(key) ?? { stack: w.stack, count: 0, nanos: 0 };
    rec.count += w.weight;
    rec.nanos += w.dur * w.weight * 1000;
    byStack.set(key, rec);
  }
  // Sorted by stack, so the same trace always makes the same bytes.
  for (const [, rec] of [...byStack].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    p.sample.push({ location: rec.stack.map(locationOf), value: [Math.round(rec.count), Math.round(rec.nanos)], label: [] });
  }
  return p;
}
