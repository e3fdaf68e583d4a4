// Sample filters by frame name, as pprof's -focus, -ignore, -hide, -show and
// -show_from apply them (profile.FilterSamplesByName and ShowFrom): a location
// matches when one of its lines' function name or file name, or its mapping's
// file, matches the regexp. They mutate the working profile in place.

import { selectSamples } from '../columns.js';
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
  const c = p.samples;
  const { start, end, frames } = c;
  const keep = new Uint8Array(c.count);
  let keptFrames = 0;
  // With nothing to ignore or hide, a sample is decided at its first focused frame.
  const decidedByFocus = !f.ignore && !anyHidden;
  for (let i = 0; i < c.count; i++) {
    let focused = false;
    let ignored = false;
    let shown = 0;
    for (let k = start[i]; k < end[i]; k++) {
      const v = focusOrIgnore[frames[k]];
      if (v === 1) {
        focused = true;
        if (decidedByFocus) break;
      } else if (v === 2) {
        ignored = true;
        break;
      }
      shown += 1 - hidden[frames[k]];
    }
    // A sample whose frames are all hidden goes too.
    if (!focused || ignored || (anyHidden && shown === 0)) continue;
    keep[i] = 1;
    keptFrames += shown;
  }
  if (!anyHidden) {
    p.samples = selectSamples(c, { keep });
    return { fm, im, hm, hnm };
  }
  // Hidden frames leave the stacks: the kept ones go to a new frame column.
  const out = new Int32Array(keptFrames);
  const newStart = new Int32Array(c.count);
  const newEnd = new Int32Array(c.count);
  let at = 0;
  for (let i = 0; i < c.count; i++) {
    if (keep[i] === 0) continue;
    newStart[i] = at;
    for (let k = start[i]; k < end[i]; k++) if (hidden[frames[k]] === 0) out[at++] = frames[k];
    newEnd[i] = at;
  }
  p.samples = { ...selectSamples(c, { keep, start: newStart, end: newEnd }), frames: out };
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
  const c = p.samples;
  const keep = new Uint8Array(c.count);
  const end = new Int32Array(c.count);
  for (let i = 0; i < c.count; i++) {
    for (let k = c.end[i] - 1; k >= c.start[i]; k--) {
      if (locs[c.frames[k]] === 1) {
        end[i] = k + 1;
        keep[i] = 1;
        break;
      }
    }
  }
  p.samples = selectSamples(c, { keep, end });
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
  const c = p.samples;
  const start = c.start.slice();
  for (let i = 0; i < c.count; i++) {
    // A matching leaf leaves the stack as it was.
    if (c.end[i] > c.start[i] && prune[c.frames[c.start[i]]] === 1) continue;
    for (let k = c.start[i] + 1; k < c.end[i]; k++) {
      if (prune[c.frames[k]] === 1) {
        start[i] = k;
        break;
      }
    }
  }
  p.samples = selectSamples(c, { start });
}
