// Delta profiles (`?seconds=N` on heap and allocs): the later profile minus
// the earlier one, as net/http/pprof computes them by merging the earlier
// profile scaled by -1 into the later one. Samples are matched by their
// stack (function, file, line of every frame) and labels.

import type { Profile, Sample } from '@fluoro/profile';

function sampleKey(s: Sample): string {
  const stack = s.location.map((l) => l.line.map((ln) => `${ln.function.name}\0${ln.function.filename}\0${ln.line}`).join('\x01')).join('\n');
  const labels = s.label.map((l) => `${l.key}=${l.str ?? ''}/${l.num ?? ''}${l.numUnit ?? ''}`).sort().join(',');
  return `${stack}\n${labels}`;
}

/** deltaProfile returns `after - before`, with `after`'s time and the interval between them as its duration. */
export function deltaProfile(before: Profile, after: Profile): Profile {
  const byKey = new Map<string, Sample>();
  const out: Sample[] = [];
  for (const s of after.sample) {
    const copy = { ...s, value: [...s.value] };
    const key = sampleKey(s);
    const seen = byKey.get(key);
    if (seen) seen.value.forEach((_, i) => (seen.value[i] += copy.value[i]));
    else {
      byKey.set(key, copy);
      out.push(copy);
    }
  }
  for (const s of before.sample) {
    const match = byKey.get(sampleKey(s));
    // Heap records are cumulative (allocation totals never shrink), so every
    // earlier stack is still present later and always finds its match.
    if (match) s.value.forEach((v, i) => (match.value[i] -= v));
  }
  return {
    ...after,
    sample: out.filter((s) => s.value.some((v) => v !== 0)),
    durationNanos: after.timeNanos - before.timeNanos,
  };
}
