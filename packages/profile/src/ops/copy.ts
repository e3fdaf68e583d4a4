// copyProfile is pprof's Profile.Copy for the working profile. Filters and
// aggregate rewrite mappings, functions and locations in place, so whoever
// runs many reports on one profile (pprof's shell and web UI) gives each
// report its own copy; the sample columns are shared, since operations
// replace them rather than write them.

import type { Location, Mapping, ProfileFunction } from '../model.js';
import type { WProfile } from './working-model.js';

/** copyProfile returns a copy that shares nothing a report mutates with p. */
export function copyProfile(p: WProfile): WProfile {
  const mappings = new Map<Mapping, Mapping>(p.mapping.map((m) => [m, { ...m }]));
  const functions = new Map<ProfileFunction, ProfileFunction>(p.function.map((f) => [f, { ...f }]));
  const fn = (f: ProfileFunction) => functions.get(f) ?? { ...f };
  const location: Location[] = p.location.map((l) => ({
    ...l,
    mapping: l.mapping ? mappings.get(l.mapping) ?? { ...l.mapping } : undefined,
    line: l.line.map((ln) => ({ ...ln, function: fn(ln.function) })),
  }));
  return {
    ...p,
    sampleType: p.sampleType.map((t) => ({ ...t })),
    periodType: p.periodType ? { ...p.periodType } : undefined,
    comment: [...p.comment],
    mapping: [...mappings.values()],
    function: [...functions.values()],
    location,
    // Sample columns are replaced, never written, by operations.
    samples: p.samples,
  };
}
