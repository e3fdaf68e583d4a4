// cloneProfile gives each web request its own working profile: pprof's
// pipeline (filters, granularity, -trim_path) edits functions, locations
// and mappings in place, and the server keeps the loaded profile to answer
// the next request with different settings. The sample columns are shared:
// operations replace them, never write them.

import type { Location, Mapping, ProfileFunction, WProfile } from '@fluoro/profile';

/** cloneProfile copies what prepareReport mutates. */
export function cloneProfile(p: WProfile): WProfile {
  const mappings = new Map<Mapping, Mapping>();
  for (const m of p.mapping) mappings.set(m, { ...m });
  const functions = new Map<ProfileFunction, ProfileFunction>();
  for (const f of p.function) functions.set(f, { ...f });
  const fn = (f: ProfileFunction): ProfileFunction => {
    let c = functions.get(f);
    if (!c) functions.set(f, (c = { ...f }));
    return c;
  };
  const location: Location[] = p.location.map((l) => ({
    ...l,
    mapping: l.mapping ? mappings.get(l.mapping) ?? l.mapping : undefined,
    line: l.line.map((ln) => ({ ...ln, function: fn(ln.function) })),
  }));
  return {
    ...p,
    sampleType: p.sampleType.map((t) => ({ ...t })),
    mapping: [...mappings.values()],
    location,
    function: [...functions.values()],
  };
}
