// cloneProfile gives each web request its own working profile: pprof's
// pipeline (filters, granularity, -trim_path) edits functions, locations,
// mappings and sample stacks in place, and the server keeps the loaded
// profile to answer the next request with different settings. Samples are
// copied only when a filter will rewrite their stacks; the big columns
// (stack views, values, labels) are shared, never written.

import type { Location, Mapping, ProfileFunction, WProfile } from '@fluoro/profile';

/** cloneProfile copies what prepareReport mutates; copySamples when a setting rewrites sample stacks or labels. */
export function cloneProfile(p: WProfile, copySamples: boolean): WProfile {
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
    sample: copySamples ? p.sample.map((s) => ({ ...s })) : p.sample.slice(),
    mapping: [...mappings.values()],
    location,
    function: [...functions.values()],
  };
}
