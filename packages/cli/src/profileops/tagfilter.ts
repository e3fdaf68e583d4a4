// Filters on sample labels (pprof's tags): profile.FilterSamplesByTag for
// -tagfocus/-tagignore, FilterTagsByName for -tagshow/-taghide, and the
// driver's addLabelNodes for -tagroot/-tagleaf, which turn label values
// into pseudo frames ("key" as file, "v1,v2" as function name).

import type { Location, ProfileFunction } from '@fluoro/profile';
import { scaledLabel } from '../measurement/units.js';
import type { WProfile, WSample } from './model.js';

/** TagMatch tells whether a sample's labels match a tag filter. */
export type TagMatch = (s: WSample) => boolean;

/** filterSamplesByTag keeps samples that match focus (if any) and not ignore (if any). */
export function filterSamplesByTag(p: WProfile, focus?: TagMatch, ignore?: TagMatch): { fm: boolean; im: boolean } {
  let fm = false, im = false;
  p.sample = p.sample.filter((s) => {
    const focused = focus ? focus(s) : true;
    const ignored = ignore ? ignore(s) : false;
    fm ||= focused;
    im ||= ignored;
    return focused && !ignored;
  });
  return { fm, im };
}

/** filterTagsByName removes labels whose key does not match show (if any) or matches hide. */
export function filterTagsByName(p: WProfile, show?: RegExp, hide?: RegExp): { sm: boolean; hm: boolean } {
  let sm = false, hm = false;
  const remove = (key: string) => {
    const matchShow = !show || show.test(key);
    const matchHide = hide !== undefined && hide.test(key);
    sm ||= matchShow;
    hm ||= matchHide;
    return !matchShow || matchHide;
  };
  for (const s of p.sample) {
    // Label maps may be shared between samples: replace, never edit.
    if ([...s.label.keys()].some((k) => remove(k))) {
      s.label = new Map([...s.label].filter(([k]) => !remove(k)));
    }
    if ([...s.numLabel.keys()].some((k) => remove(k))) {
      s.numLabel = new Map([...s.numLabel].filter(([k]) => !remove(k)));
    }
  }
  return { sm, hm };
}

// labelValues lists a sample's values for key: strings first, then numbers
// in outputUnit (pprof's formatLabelValues).
function labelValues(s: WSample, key: string, outputUnit: string): string[] {
  const values = [...(s.label.get(key) ?? [])];
  const nums = s.numLabel.get(key) ?? [];
  const units = s.numUnit.get(key) ?? [];
  if (nums.length !== units.length && units.length !== 0) return values;
  nums.forEach((n, i) => values.push(units.length !== 0 ? scaledLabel(n, units[i], outputUnit) : scaledLabel(n, '', '')));
  return values;
}

/**
 * addLabelNodes puts a pseudo frame per key in rootKeys above each stack
 * (the first key outermost) and per key in leafKeys below it (the last key
 * innermost), and reports whether any sample had a value for them.
 */
export function addLabelNodes(p: WProfile, rootKeys: string[], leafKeys: string[], outputUnit: string): { rootm: boolean; leafm: boolean } {
  let nextFn = 1;
  for (const f of p.function) nextFn = Math.max(nextFn, f.id + 1);
  const interned = new Map<string, number>();
  const intern = (name: string, file: string): number => {
    const k = JSON.stringify([name, file]);
    let li = interned.get(k);
    if (li === undefined) {
      const fn: ProfileFunction = { id: nextFn++, name, systemName: '', filename: file, startLine: 0 };
      p.function.push(fn);
      // Location ids follow their index (merge numbers them 1..n).
      const loc: Location = { id: p.location.length + 1, address: 0n, line: [{ function: fn, line: 0, column: 0 }], isFolded: false };
      p.location.push(loc);
      li = p.location.length - 1;
      interned.set(k, li);
    }
    return li;
  };
  const frames = (s: WSample, keys: string[]): { locs: number[]; match: boolean } => {
    const locs: number[] = [];
    let match = false;
    for (let i = keys.length - 1; i >= 0; i--) {
      const values = labelValues(s, keys[i], outputUnit);
      if (values.length > 0) match = true;
      locs.push(intern(values.join(','), keys[i]));
    }
    return { locs, match };
  };
  let rootm = false, leafm = false;
  if (rootKeys.length === 0 && leafKeys.length === 0) return { rootm, leafm };
  for (const s of p.sample) {
    const roots = frames(s, rootKeys);
    const leaves = frames(s, leafKeys);
    rootm ||= roots.match;
    leafm ||= leaves.match;
    const locs = new Int32Array(leaves.locs.length + s.locs.length + roots.locs.length);
    locs.set(leaves.locs, 0);
    locs.set(s.locs, leaves.locs.length);
    locs.set(roots.locs, leaves.locs.length + s.locs.length);
    s.locs = locs;
  }
  return { rootm, leafm };
}
