// Converts a V8 CPU profile (Profiler.stop) into a pprof CPU profile with
// Go's sample types. V8 records which call-tree node was running at each tick;
// per-line hits exist only as each node's positionTicks (self time by line),
// so the leaf frame gets the line that was executing and caller frames get
// their function's definition line: V8 does not record call-site lines.

import { callTree, cpuProfileOf, nodeSamples, tickMicros, type Label, type Profile, type Sample } from '@fluoro/profile';
import { FrameTable } from './frames.js';
import type { LabelSpan } from './labels.js';
import type { CpuProfile } from './v8-types.js';

/** CpuConvertOptions describes how the V8 profile was taken. */
export interface CpuConvertOptions {
  /** The sampling interval that was requested, in microseconds. */
  intervalMicros: number;
  /** Wall-clock time the profile started, in nanoseconds since the epoch. */
  timeNanos: number;
  /** When labelled code ran, on V8's clock; samples inside a span get its labels. */
  spans?: LabelSpan[];
}

/** cpuProfileToPprof converts a V8 CPU profile to pprof; idle ticks are dropped. */
export function cpuProfileToPprof(v8: CpuProfile, options: CpuConvertOptions): Profile {
  const tree = callTree(v8.nodes);

  // Self ticks and self time per node and label set.
  const samples = v8.samples ?? [];
  const deltas = v8.timeDeltas ?? [];
  const findLabels = labelFinder(options.spans ?? []);
  const groups = new Map<string, { id: number; labels: Label[]; ticks: number; micros: number }>();
  let time = v8.startTime;
  for (let i = 0; i < samples.length; i++) {
    time += deltas[i] ?? 0;
    const id = samples[i];
    const labels = findLabels(time);
    const key = `${id}\0${labels.key}`;
    const g = groups.get(key) ?? { id, labels: labels.labels, ticks: 0, micros: 0 };
    g.ticks += 1;
    g.micros += tickMicros(deltas, i, options.intervalMicros);
    groups.set(key, g);
  }

  const frames = new FrameTable();
  const out: Sample[] = [];
  for (const { id, labels, ticks: count, micros } of groups.values()) {
    out.push(...nodeSamples(tree, frames, id, count, micros, labels));
  }

  return cpuProfileOf({
    sample: out,
    frames,
    timeNanos: options.timeNanos,
    durationNanos: Math.round((v8.endTime - v8.startTime) * 1000),
    periodNanos: options.intervalMicros * 1000,
  });
}

// labelFinder returns, for a time, the labels of the innermost span around
// it: the latest-starting span that has not ended. Spans nest (withLabels in
// labelled code) but never cross, since one thread runs them.
function labelFinder(spans: LabelSpan[]): (time: number) => { key: string; labels: Label[] } {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const none = { key: '', labels: [] as Label[] };
  const cache = new Map<LabelSpan, { key: string; labels: Label[] }>();
  return (time) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].start <= time) lo = mid + 1;
      else hi = mid;
    }
    // Only spans that start before `time` can hold it; a few steps back cover nesting.
    for (let i = lo - 1; i >= 0 && i >= lo - 64; i--) {
      const span = sorted[i];
      if (span.end < time) continue;
      let found = cache.get(span);
      if (found === undefined) {
        const entries = Object.entries(span.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        found = { key: JSON.stringify(entries), labels: entries.map(([key, str]) => ({ key, str })) };
        cache.set(span, found);
      }
      return found;
    }
    return none;
  };
}

