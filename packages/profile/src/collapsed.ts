// Brendan Gregg's folded-stack format ("collapsed stacks"): one line per
// distinct stack, frames root first and separated by ";", then a space and
// the value, e.g. `main;handle;parse 42`. It is what flame graph tools read,
// and it is how this project's tests state what a collector must have seen:
// a collapsed text is small, sorted and readable in a diff.

import { ProfileError } from './errors.js';
import type { Location, Profile, ProfileFunction, Sample, ValueType } from './model.js';
import { emptyProfile } from './model.js';

/**
 * toCollapsed renders profile as folded stacks for one sample type: the
 * default sample type if the profile names one, else the last, or the one at
 * sampleIndex. Frames are function names with inlined frames expanded;
 * identical stacks are summed, zero sums and frameless samples dropped,
 * lines sorted.
 */
export function toCollapsed(profile: Profile, sampleIndex?: number): string {
  const types = profile.sampleType;
  if (types.length === 0) return '';
  const index = sampleIndex ?? defaultIndex(profile);
  if (!Number.isInteger(index) || index < 0 || index >= types.length) {
    throw new TypeError(`toCollapsed: sampleIndex must be an integer in [0, ${types.length}), got ${String(index)}`);
  }

  // A location's frames are named once, root first, however many samples use it.
  const frames = new Map<Location, string>();
  const totals = new Map<string, number>();
  for (const s of profile.sample) {
    // A sample without frames has no line to go on (Go's reports leave such
    // samples out too, e.g. the threads created before profiling began).
    if (s.location.length === 0) continue;
    const v = s.value[index];
    let stack = '';
    for (let i = s.location.length - 1; i >= 0; i--) {
      const loc = s.location[i];
      let f = frames.get(loc);
      if (f === undefined) {
        f = locationFrames(loc);
        frames.set(loc, f);
      }
      stack = stack === '' ? f : `${stack};${f}`;
    }
    totals.set(stack, (totals.get(stack) ?? 0) + v);
  }

  const keys = [...totals.keys()].filter((k) => totals.get(k) !== 0).sort();
  let out = '';
  for (const k of keys) out += `${k} ${totals.get(k)}\n`;
  return out;
}

// defaultIndex is pprof's choice of sample type: the named default, else the last.
function defaultIndex(profile: Profile): number {
  if (profile.defaultSampleType !== '') {
    const i = profile.sampleType.findIndex((t) => t.type === profile.defaultSampleType);
    if (i >= 0) return i;
  }
  return profile.sampleType.length - 1;
}

// locationFrames names a location's frames root first: its lines are stored
// innermost (inlined) first, so they are read backwards.
function locationFrames(loc: Location): string {
  if (loc.line.length === 0) return `0x${loc.address.toString(16)}`;
  let out = '';
  for (let i = loc.line.length - 1; i >= 0; i--) {
    const fn = loc.line[i].function;
    const name = fn.name || fn.systemName || `0x${loc.address.toString(16)}`;
    out = out === '' ? name : `${out};${name}`;
  }
  return out;
}

/**
 * parseCollapsed reads folded stacks into a Profile with one sample type
 * (samples/count unless sampleType says otherwise): one function and one
 * address-less location per distinct frame name, one sample per line.
 */
export function parseCollapsed(text: string, sampleType: ValueType = { type: 'samples', unit: 'count' }): Profile {
  const profile = emptyProfile([{ type: sampleType.type, unit: sampleType.unit }]);
  const locations = new Map<string, Location>();
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trimEnd();
    if (line === '') continue;
    const space = line.lastIndexOf(' ');
    const valueText = line.slice(space + 1);
    const stack = space < 0 ? '' : line.slice(0, space).trimEnd();
    if (stack === '' || !/^-?\d+$/.test(valueText) || !Number.isSafeInteger(Number(valueText))) {
      throw new ProfileError(
        'ERR_PROFILE_INVALID',
        `parsing collapsed stacks: line ${n + 1}: want "frame;frame;... value", got ${JSON.stringify(line)}`,
      );
    }
    const names = stack.split(';');
    const location = new Array<Location>(names.length);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      let loc = locations.get(name);
      if (loc === undefined) {
        const id = locations.size + 1;
        const fn: ProfileFunction = { id, name, systemName: name, filename: '', startLine: 0 };
        loc = { id, address: 0n, line: [{ function: fn, line: 0, column: 0 }], isFolded: false };
        locations.set(name, loc);
        profile.function.push(fn);
        profile.location.push(loc);
      }
      // Samples hold the leaf first; the text has the root first.
      location[names.length - 1 - i] = loc;
    }
    const sample: Sample = { location, value: [Number(valueText)], label: [] };
    profile.sample.push(sample);
  }
  return profile;
}
