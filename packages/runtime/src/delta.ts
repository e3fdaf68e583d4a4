// Delta profiles (`?seconds=N`): the later profile minus the earlier one, as
// net/http/pprof computes them by merging the earlier profile scaled by -1
// into the later one. Samples are matched by their stack (function, file,
// line of every frame) and labels; a stack only in the earlier profile stays
// as a negative sample, as in Go.

import type { Location, Profile, ProfileFunction, Sample } from '@fluoro/profile';

function sampleKey(s: Sample): string {
  const stack = s.location.map((l) => l.line.map((ln) => `${ln.function.name}\0${ln.function.filename}\0${ln.line}`).join('\x01')).join('\n');
  const labels = s.label.map((l) => `${l.key}=${l.str ?? ''}/${l.num ?? ''}${l.numUnit ?? ''}`).sort().join(',');
  return `${stack}\n${labels}`;
}

/** deltaProfile returns `after - before`, with `after`'s time and the interval between them as its duration. */
export function deltaProfile(before: Profile, after: Profile): Profile {
  const byKey = new Map<string, Sample>();
  const add = (s: Sample, sign: 1 | -1) => {
    const key = sampleKey(s);
    const seen = byKey.get(key);
    if (seen) s.value.forEach((v, i) => (seen.value[i] += sign * v));
    else byKey.set(key, { ...s, value: s.value.map((v) => sign * v) });
  };
  for (const s of after.sample) add(s, 1);
  for (const s of before.sample) add(s, -1);
  const sample = [...byKey.values()].filter((s) => s.value.some((v) => v !== 0));
  return { ...after, ...renumber(sample), durationNanos: after.timeNanos - before.timeNanos };
}

/** renumber gives the samples' locations and functions (which may come from several profiles, with clashing ids) fresh copies with fresh ids. */
export function renumber(samples: Sample[]): Pick<Profile, 'sample' | 'location' | 'function'> {
  const locations = new Map<Location, Location>();
  const functions = new Map<ProfileFunction, ProfileFunction>();
  const fn = (f: ProfileFunction) => {
    let copy = functions.get(f);
    if (copy === undefined) functions.set(f, (copy = { ...f, id: functions.size + 1 }));
    return copy;
  };
  const loc = (l: Location) => {
    let copy = locations.get(l);
    if (copy === undefined) {
      copy = { ...l, id: locations.size + 1, mapping: undefined, line: l.line.map((ln) => ({ ...ln, function: fn(ln.function) })) };
      locations.set(l, copy);
    }
    return copy;
  };
  const sample = samples.map((s) => ({ ...s, location: s.location.map(loc) }));
  return { sample, location: [...locations.values()], function: [...functions.values()] };
}
