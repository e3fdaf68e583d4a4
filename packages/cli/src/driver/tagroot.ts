// pprof's -tagroot and -tagleaf (driver/tagroot.go's addLabelNodes): label
// values become pseudo frames ("key" as file, "v1,v2" as function name)
// above or below each stack. It lives with the driver, not with the profile
// operations, because numeric values are printed in the report's units.

import type { Location, ProfileFunction, SampleLabels, WProfile } from '@fluoro/profile';
import { scaledLabel } from '../measurement/units.js';

// labelValues lists a sample's values for key: strings first, then numbers
// in outputUnit (pprof's formatLabelValues).
function labelValues(s: SampleLabels, key: string, outputUnit: string): string[] {
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
  const frames = (s: SampleLabels, keys: string[]): { locs: number[]; match: boolean } => {
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
  const c = p.samples;
  // The pseudo frames depend on the labels only: samples that share a label set share them.
  const pseudo = new Map<SampleLabels, { roots: number[]; leaves: number[] }>();
  const framesOf = (s: SampleLabels) => {
    let f = pseudo.get(s);
    if (!f) {
      const roots = frames(s, rootKeys);
      const leaves = frames(s, leafKeys);
      rootm ||= roots.match;
      leafm ||= leaves.match;
      pseudo.set(s, (f = { roots: roots.locs, leaves: leaves.locs }));
    }
    return f;
  };
  let size = 0;
  for (let i = 0; i < c.count; i++) {
    const f = framesOf(c.labels[i]);
    size += f.leaves.length + (c.end[i] - c.start[i]) + f.roots.length;
  }
  const out = new Int32Array(size);
  const start = new Int32Array(c.count);
  const end = new Int32Array(c.count);
  let at = 0;
  for (let i = 0; i < c.count; i++) {
    const f = framesOf(c.labels[i]);
    start[i] = at;
    out.set(f.leaves, at);
    at += f.leaves.length;
    out.set(c.frames.subarray(c.start[i], c.end[i]), at);
    at += c.end[i] - c.start[i];
    out.set(f.roots, at);
    at += f.roots.length;
    end[i] = at;
  }
  p.samples = { ...c, start, end, frames: out };
  return { rootm, leafm };
}
