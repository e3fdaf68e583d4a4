// Sample filters by frame name, as pprof's -focus, -ignore, -hide, -show and
// -show_from apply them (profile.FilterSamplesByName and ShowFrom): a location
// matches when one of its lines' function name or file name, or its mapping's
// file, matches the regexp. They mutate the working profile in place.

import type { Line, Location } from '@fluoro/profile';
import type { WProfile } from './model.js';

function lineMatches(ln: Line, re: RegExp): boolean {
  return re.test(ln.function.name) || re.test(ln.function.filename);
}

function matchesName(loc: Location, re: RegExp): boolean {
  if (loc.line.some((ln) => lineMatches(ln, re))) return true;
  return loc.mapping !== undefined && re.test(loc.mapping.filename);
}

/** NameFilters are the compiled -focus, -ignore, -hide and -show regexps. */
export interface NameFilters {
  focus?: RegExp;
  ignore?: RegExp;
  hide?: RegExp;
  show?: RegExp;
}

/** filterSamplesByName keeps samples through a focus and no ignore frame, and drops hidden frames. */
export function filterSamplesByName(p: WProfile, f: NameFilters): { fm: boolean; im: boolean; hm: boolean; hnm: boolean } {
  let fm = false, im = false, hm = false, hnm = false;
  const focusOrIgnore = new Map<Location, boolean>();
  const hidden = new Set<Location>();
  for (const l of p.location) {
    if (f.ignore && matchesName(l, f.ignore)) {
      im = true;
      focusOrIgnore.set(l, false);
    } else if (!f.focus || matchesName(l, f.focus)) {
      fm = true;
      focusOrIgnore.set(l, true);
    }
    if (f.hide && matchesName(l, f.hide)) {
      hm = true;
      const re = f.hide;
      l.line = l.mapping && re.test(l.mapping.filename) ? [] : l.line.filter((ln) => !lineMatches(ln, re));
      if (l.line.length === 0) hidden.add(l);
    }
    if (f.show) {
      const re = f.show;
      if (!(l.mapping && re.test(l.mapping.filename))) l.line = l.line.filter((ln) => lineMatches(ln, re));
      if (l.line.length === 0) hidden.add(l);
      else hnm = true;
    }
  }
  const kept = [];
  for (const s of p.sample) {
    let focused = false;
    let ignored = false;
    for (const loc of s.location) {
      const v = focusOrIgnore.get(loc);
      if (v === true) focused = true;
      else if (v === false) {
        ignored = true;
        break;
      }
    }
    if (!focused || ignored) continue;
    if (hidden.size > 0) {
      const locs = s.location.filter((l) => !hidden.has(l));
      if (locs.length === 0) continue;
      s.location = locs;
    }
    kept.push(s);
  }
  p.sample = kept;
  return { fm, im, hm, hnm };
}

/** showFrom drops the frames above the outermost frame matching re, and samples without one. */
export function showFrom(p: WProfile, re: RegExp): boolean {
  let matched = false;
  const locs = new Set<Location>();
  for (const loc of p.location) {
    let hit = loc.mapping !== undefined && re.test(loc.mapping.filename);
    if (!hit) {
      for (let i = loc.line.length - 1; i >= 0; i--) {
        if (lineMatches(loc.line[i], re)) {
          loc.line = loc.line.slice(0, i + 1);
          hit = true;
          break;
        }
      }
    }
    if (hit) {
      locs.add(loc);
      matched = true;
    }
  }
  const kept = [];
  for (const s of p.sample) {
    for (let i = s.location.length - 1; i >= 0; i--) {
      if (locs.has(s.location[i])) {
        s.location = s.location.slice(0, i + 1);
        kept.push(s);
        break;
      }
    }
  }
  p.sample = kept;
  return matched;
}
