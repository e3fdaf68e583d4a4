// checkValid: pprof's Profile.CheckValid on the resolved model, with Go's
// messages. The decoder makes the same checks while it resolves ids; this
// module serves the encoder and every caller that builds or edits profiles
// in memory, where an object can be referenced without being listed in the
// profile's tables, or two objects can share an id.

import { ProfileError } from './errors.js';
import type { Location, Mapping, Profile, ProfileFunction } from './model.js';

/** checkValid throws a ProfileError (code ERR_PROFILE_INVALID) naming the first problem that makes profile unencodable. */
export function checkValid(profile: Profile): void {
  const sampleLen = profile.sampleType.length;
  if (sampleLen === 0 && profile.sample.length !== 0) throw malformed('missing sample type information');

  const mappings = new Map<number, Mapping>();
  for (const m of profile.mapping) {
    if (m == null) throw malformed('profile has nil mapping');
    if (m.id === 0) throw malformed('found mapping with reserved ID=0');
    if (mappings.has(m.id)) throw malformed(`multiple mappings with same id: ${m.id}`);
    mappings.set(m.id, m);
  }
  const functions = new Map<number, ProfileFunction>();
  for (const f of profile.function) {
    if (f == null) throw malformed('profile has nil function');
    if (f.id === 0) throw malformed('found function with reserved ID=0');
    if (functions.has(f.id)) throw malformed(`multiple functions with same id: ${f.id}`);
    functions.set(f.id, f);
  }
  const locations = new Map<number, Location>();
  for (const l of profile.location) {
    if (l == null) throw malformed('profile has nil location');
    if (l.id === 0) throw malformed('found location with reserved id=0');
    if (locations.has(l.id)) throw malformed(`multiple locations with same id: ${l.id}`);
    locations.set(l.id, l);
    const m = l.mapping;
    // Go prints the mapping's pointer here; an id is what we can show.
    if (m != null && (m.id === 0 || mappings.get(m.id) !== m)) throw malformed(`inconsistent mapping: ${m.id}`);
    for (const ln of l.line) {
      const f = ln.function;
      if (f == null) throw malformed(`location id: ${l.id} has a line with nil function`);
      if (f.id === 0 || functions.get(f.id) !== f) throw malformed(`inconsistent function: ${f.id}`);
    }
  }

  // Samples hold most of a profile's references: look locations up in a
  // dense array when the ids allow it (they are 1..n in every known writer).
  const dense = denseById(profile.location);
  for (const s of profile.sample) {
    if (s == null) throw malformed('profile has nil sample');
    if (s.value.length !== sampleLen) {
      throw malformed(`mismatch: sample has ${s.value.length} values vs. ${sampleLen} types`);
    }
    const locs = s.location;
    for (let i = 0; i < locs.length; i++) {
      const l = locs[i];
      if (l == null) throw malformed('sample has nil location');
      // Go stops at nil; an encoder also needs the location to be the one
      // listed under its id, or the written file would point elsewhere.
      const listed = dense !== undefined ? dense[l.id] : locations.get(l.id);
      if (listed !== l) throw malformed(`inconsistent location: ${l.id}`);
    }
  }
}

// denseById returns an array indexed by id when the ids are small integers,
// undefined when a Map has to do.
function denseById(items: readonly Location[]): Location[] | undefined {
  const limit = 2 * items.length + 1024;
  for (const item of items) if (!(Number.isInteger(item.id) && item.id > 0 && item.id <= limit)) return undefined;
  const dense = new Array<Location>(limit + 1);
  for (const item of items) dense[item.id] = item;
  return dense;
}

function malformed(message: string): ProfileError {
  return new ProfileError('ERR_PROFILE_INVALID', `malformed profile: ${message}`);
}
