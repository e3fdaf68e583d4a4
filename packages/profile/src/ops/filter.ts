// Sample filters by frame name, as pprof's -focus, -ignore, -hide, -show and
// -show_from apply them (profile.FilterSamplesByName and ShowFrom): a location
// matches when one of its lines' function name or file name, or its mapping's
// file, matches the regexp. They mutate the working profile in place.

import type { Line, Location } from '../model.js';
import type { WProfile } from './working-model.js';

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
  // Without filters every sample is kept as it is; skip the walk over every frame.
  if (!f.focus && !f.ignore && !f.hide && !f.show) return { fm: p.location.length > 0, im, hm, hnm };
  // Per location index: 1 focused, 2 ignored; hidden[i] = 1 when every line is hidden.
  const focusOrIgnore = new Uint8Array(p.location.length);
  const hidden = new Uint8Array(p.location.length);
  let anyHidden = false;
  for (let i = 0; i < p.location.length; i++) {
    const l = p.location[i];
    if (f.ignore && matchesName(l, f.ignore)) {
      im = true;
      focusOrIgnore[i] = 2;
    } else if (!f.focus || matchesName(l, f.focus)) {
      fm = true;
      focusOrIgnore[i] = 1;
    }
    if (f.hide && matchesName(l, f.hide)) {
      hm = true;
      const re = f.hide;
      l.line = l.mapping && re.test(l.mapping.filename) ? [] : l.line.filter((ln) => !lineMatches(ln, re));
      if (l.line.length === 0) hidden[i] = 1;
    }
    if (f.show) {
      const re = f.show;
      if (!(l.mapping && re.test(l.mapping.filename))) l.line = l.line.filter((ln) => lineMatches(ln, re));
      if (l.line.length === 0) hidden[i] = 1;
      else hnm = true;
    }
    if (hidden[i] === 1) anyHidden = true;
  }
  const kept = [];
  for (const s of p.sample) {
    let focused = false;
    let ignored = false;
    for (const li of s.locs) {
      const v = focusOrIgnore[li];
      if (v === 1) focused = true;
      else if (v === 2) {
        ignored = true;
        break;
      }
    }
    if (!focused || ignored) continue;
    if (anyHidden) {
      const locs = s.locs.filter((li) => hidden[li] === 0);
      if (locs.length === 0) continue;
      s.locs = locs;
    }
    kept.push(s);
  }
  p.sample = kept;
  return { fm, im, hm, hnm };
}

/** showFrom drops the frames above the outermost frame matching re, and samples without one. */
export function showFrom(p: WProfile, re: RegExp): boolean {
  let matched = false;
  const locs = new Uint8Array(p.location.length);
  for (let li = 0; li < p.location.length; li++) {
    const loc = p.location[li];
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
      locs[li] = 1;
      matched = true;
    }
  }
  const kept = [];
  for (const s of p.sample) {
    for (let i = s.locs.length - 1; i >= 0; i--) {
      if (locs[s.locs[i]] === 1) {
        s.locs = s.locs.subarray(0, i + 1);
        kept.push(s);
        break;
      }
    }
  }
  p.sample = kept;
  return matched;
}

// simplifyFunc is pprof's: a name cut at its first '(' that does not start
// "(anonymous namespace)" or end "operator()", so that C++ argument lists
// do not take part in -prune_from matches.
function simplifyFunc(name: string): string {
  const f = name.startsWith('.') ? name.slice(1) : name;
  const rx = /\(anonymous namespace\)|operator\(\)|\(/g;
  for (const m of f.matchAll(rx)) {
    if (m[0] === '(') return f.slice(0, m.index);
  }
  return f;
}

/** pruneFrom drops, from every sample, the frames below (leafward of) the first frame matching re. */
export function pruneFrom(p: WProfile, re: RegExp): void {
  const prune = new Uint8Array(p.location.length);
  p.location.forEach((loc, li) => {
    for (let i = 0; i < loc.line.length; i++) {
      const name = loc.line[i].function.name;
      if (name !== '' && re.test(simplifyFunc(name))) {
        prune[li] = 1;
        loc.line = loc.line.slice(i);
        break;
      }
    }
  });
  for (const s of p.sample) {
    const i = s.locs.findIndex((li) => prune[li] === 1);
    if (i > 0) s.locs = s.locs.subarray(i);
  }
}
