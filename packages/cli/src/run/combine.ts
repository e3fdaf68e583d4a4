// Combines the profiles of the processes one `fluoro run` started into one
// profile, each sample labelled with its process id (`pid`), so reports show
// the whole command and `-tagfocus=pid=N` shows one process.

import type { Location, Profile, ProfileFunction } from '@fluoro/profile';

/** combineProfiles concatenates profiles of the same sample types, labelling each sample with its pid. */
export function combineProfiles(parts: { pid: number; profile: Profile }[]): Profile {
  const first = parts[0].profile;
  const out: Profile = { ...first, sample: [], location: [], function: [], mapping: [], comment: [] };
  for (const { pid, profile } of parts) {
    const same = profile.sampleType.length === first.sampleType.length && profile.sampleType.every((t, i) => t.type === first.sampleType[i].type && t.unit === first.sampleType[i].unit);
    if (!same) throw new Error(`pid ${pid}: its sample types differ from the other processes'`);
    // Objects are copied so that ids can be renumbered without touching the inputs.
    const fns = new Map<ProfileFunction, ProfileFunction>();
    for (const f of profile.function) {
      const c = { ...f, id: out.function.length + 1 };
      fns.set(f, c);
      out.function.push(c);
    }
    const locs = new Map<Location, Location>();
    for (const l of profile.location) {
      const c: Location = { ...l, id: out.location.length + 1, mapping: undefined, line: l.line.map((ln) => ({ ...ln, function: fns.get(ln.function)! })) };
      locs.set(l, c);
      out.location.push(c);
    }
    for (const s of profile.sample) {
      out.sample.push({ location: s.location.map((l) => locs.get(l)!), value: s.value, label: [...s.label, { key: 'pid', str: String(pid) }] });
    }
    if (profile.timeNanos > 0 && (out.timeNanos === 0 || profile.timeNanos < out.timeNanos)) out.timeNanos = profile.timeNanos;
    out.durationNanos = Math.max(out.durationNanos, profile.durationNanos);
  }
  out.timeNanosExact = undefined;
  return out;
}
