// Latency statistics of named things that happen many times (user tasks,
// regions): count, percentiles and a histogram, as go tool trace shows for
// user tasks and regions. Percentiles are nearest-rank over the finished
// ones; those still running at the end of the trace are counted apart,
// since their durations are only lower bounds.

import type { LatencyGroup } from '../web/trace-contract.js';

/** Timed is anything with a name, a duration in microseconds and whether it finished. */
export interface Timed {
  name: string;
  dur: number;
  open: boolean;
}

/** LatencyStats are the statistics of one name (the timeline's LatencyGroup without its histogram); durations in microseconds. */
export type LatencyStats = Omit<LatencyGroup, 'buckets'> & {
  /** The durations of the finished ones, added up. */
  total: number;
};

/** percentile is the nearest-rank p-th quantile (0 < p <= 1) of ascending values, 0 for none. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

/** latencyStats groups items by name; the slowest name (by max) first, then by name. */
export function latencyStats(items: Timed[]): LatencyStats[] {
  const byName = new Map<string, { durs: number[]; open: number }>();
  for (const it of items) {
    const g = byName.get(it.name) ?? { durs: [], open: 0 };
    if (it.open) g.open++;
    else g.durs.push(it.dur);
    byName.set(it.name, g);
  }
  const out: LatencyStats[] = [];
  for (const [name, { durs, open }] of byName) {
    durs.sort((a, b) => a - b);
    out.push({
      name,
      count: durs.length,
      open,
      p50: percentile(durs, 0.5),
      p90: percentile(durs, 0.9),
      p99: percentile(durs, 0.99),
      max: durs.length > 0 ? durs[durs.length - 1] : 0,
      total: durs.reduce((a, b) => a + b, 0),
    });
  }
  return out.sort((a, b) => b.max - a.max || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** BUCKET_EDGES are the histogram's upper bounds in microseconds: 1, 2, 3, 5 and 7 per decade from 10 µs to 700 s. */
export const BUCKET_EDGES: readonly number[] = (() => {
  const edges: number[] = [];
  for (let decade = 10; decade <= 1e8; decade *= 10) for (const m of [1, 2, 3, 5, 7]) edges.push(m * decade);
  return edges;
})();

/** bucketOf is the index in BUCKET_EDGES of the first edge above dur (the last bucket holds the rest). */
export function bucketOf(dur: number): number {
  const i = BUCKET_EDGES.findIndex((e) => dur < e);
  return i < 0 ? BUCKET_EDGES.length - 1 : i;
}
