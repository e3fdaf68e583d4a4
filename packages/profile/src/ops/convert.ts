// Conversions of the working profile back to the other two shapes: a
// resolved Profile for the encoder and every reader of the plain model, and
// sample columns for merge (a merged profile is merged again to combine it
// with a base, to compact it, or to drop samples that summed to zero).
// columnsOf goes the other way, from a Profile to columns, and merge from
// columns to the working profile.

import { newColumns, type LoadedProfile } from '../columns.js';
import type { Label, Profile } from '../model.js';
import type { WProfile, WSample } from './working-model.js';

// ungroupLabels flattens Go's grouped label maps into a label list, keys
// sorted as Go's encoder writes them.
function ungroupLabels(s: WSample): Label[] | undefined {
  if (s.label.size === 0 && s.numLabel.size === 0) return undefined;
  const out: Label[] = [];
  for (const k of [...s.label.keys()].sort()) for (const v of s.label.get(k)!) out.push({ key: k, str: v });
  for (const k of [...s.numLabel.keys()].sort()) {
    const units = s.numUnit.get(k) ?? [];
    s.numLabel.get(k)!.forEach((n, i) => out.push({ key: k, num: n, numUnit: units[i] ?? '' }));
  }
  return out;
}

function header(w: WProfile): Profile {
  const exact = w.timeNanos;
  return {
    sampleType: w.sampleType.map((t) => ({ ...t })),
    sample: [],
    mapping: w.mapping,
    location: w.location,
    function: w.function,
    dropFrames: w.dropFrames,
    keepFrames: w.keepFrames,
    timeNanos: Number(exact),
    ...(BigInt(Number(exact)) !== exact ? { timeNanosExact: exact } : {}),
    durationNanos: w.durationNanos,
    ...(w.periodType ? { periodType: { ...w.periodType } } : {}),
    period: w.period,
    comment: [...w.comment],
    defaultSampleType: w.defaultSampleType,
  };
}

/** toProfile returns the working profile as a Profile that shares its mappings, locations and functions. */
export function toProfile(w: WProfile): Profile {
  const p = header(w);
  p.sample = w.sample.map((s) => ({
    location: Array.from(s.locs, (li) => w.location[li]),
    value: [...s.value],
    label: ungroupLabels(s) ?? [],
  }));
  return p;
}

/** loadedOf puts the working profile's samples back into columns, for merge. */
export function loadedOf(w: WProfile): LoadedProfile {
  const width = w.sampleType.length;
  const count = w.sample.length;
  let total = 0;
  for (const s of w.sample) total += s.locs.length;
  const cols = newColumns(count, width, total);
  const { start, frames, values, labels } = cols;
  let f = 0;
  w.sample.forEach((s, i) => {
    start[i] = f;
    frames.set(s.locs, f);
    f += s.locs.length;
    for (let j = 0; j < width; j++) values[i * width + j] = s.value[j];
    labels[i] = ungroupLabels(s);
  });
  start[count] = f;
  return { profile: header(w), samples: cols };
}
