// What the overhead benchmarks measure with: medians with bootstrap
// confidence intervals, overheads paired round by round against a base mode,
// and a process's CPU time per thread from /proc.

import { readdirSync, readFileSync } from 'node:fs';

/** median is the middle value of xs (the mean of the two middle ones for an even count). */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/**
 * medianCI is a bootstrap 90% confidence interval of the median of values
 * that come in groups (one group per generation of processes): whole groups
 * are resampled, because values from the same processes share their luck.
 * Seeded, so a rerun on the same numbers prints the same.
 */
export function medianCI(groups, resamples = 2000) {
  let seed = 0x9e3779b9;
  const rand = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const meds = [];
  for (let i = 0; i < resamples; i++) meds.push(median(groups.flatMap(() => groups[Math.floor(rand() * groups.length)])));
  meds.sort((a, b) => a - b);
  return [meds[Math.floor(0.05 * resamples)], meds[Math.floor(0.95 * resamples)]];
}

/**
 * pairedWith takes the base mode's results (tagged with round and generation)
 * and returns paired(xs, f): the median over rounds of f(x, the base's result
 * in the same round), with its 90% CI, generations resampled whole.
 */
export function pairedWith(baseResults) {
  const baseOf = (round) => baseResults.find((x) => x.round === round);
  return (xs, f) => {
    const byGen = new Map();
    for (const x of xs) byGen.set(x.generation, [...(byGen.get(x.generation) ?? []), f(x, baseOf(x.round))]);
    const groups = [...byGen.values()];
    return { median: median(groups.flat()), ci: medianCI(groups) };
  };
}

/**
 * verdict judges a paired overhead against a limit: met when its confidence
 * interval lies below the limit, missed when it lies above; otherwise this
 * run cannot tell (the noise is wider than the target).
 */
export const verdict = ({ median, ci: [lo, hi] }, limit) =>
  hi < limit ? 'met' : lo >= limit ? 'MISSED' : `not resolved, median ${median >= limit ? 'above' : 'below'} it`;

/** threadTimes reads CPU time (ns) per thread of a process from /proc/PID/task/TID/schedstat. */
export function threadTimes(pid) {
  const out = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      // Node names its other threads (V8 platform workers, worker_threads, inspector) "node".
      out.set(tid, { comm: Number(tid) === pid ? 'main' : comm === 'node' ? 'other threads' : comm, run, wait });
    } catch {
      // The thread ended between readdir and read.
    }
  }
  return out;
}

/** cpuDelta is the CPU time (ns) a process used between two threadTimes reads: in all, by its main thread (and how long that waited for a CPU), and by thread name. */
export function cpuDelta(pid, before, after) {
  let total = 0;
  let main = 0;
  let mainWait = 0;
  const byName = {};
  for (const [tid, a] of after) {
    const b = before.get(tid) ?? { run: 0, wait: 0 };
    const d = a.run - b.run;
    total += d;
    byName[a.comm] = (byName[a.comm] ?? 0) + d;
    if (Number(tid) === pid) {
      main = d;
      mainWait = a.wait - b.wait;
    }
  }
  return { total, main, mainWait, byName };
}
