// What the overhead benchmarks measure with: medians with bootstrap
// confidence intervals, and a process's CPU time per thread from /proc.

import { readdirSync, readFileSync } from 'node:fs';

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
