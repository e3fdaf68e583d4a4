// Conversions of the working profile back to the other two shapes: a
// resolved Profile for the encoder and every reader of the plain model, and
// a LoadedProfile for merge (a merged profile is merged again to combine it
// with a base, to compact it, or to drop samples that summed to zero).
// columnsOf goes the other way, from a Profile to columns, and merge from
// columns to the working profile.

import type { LoadedProfile } from '../columns.js';
import type { Profile } from '../model.js';
import { ungroupLabels } from '../sample-labels.js';
import type { WProfile } from './working-model.js';

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

/** toProfile returns the working profile as a Profile that shares its mappings, locations and functions, with its samples as they are (compact a profile with duplicates first for Go's). */
export function toProfile(w: WProfile): Profile {
  const p = header(w);
  const { count, width, start, end, frames, values, labels } = w.samples;
  p.sample = new Array(count);
  for (let i = 0; i < count; i++) {
    p.sample[i] = {
      location: Array.from(frames.subarray(start[i], end[i]), (li) => w.location[li]),
      value: Array.from(values.subarray(i * width, (i + 1) * width)),
      label: ungroupLabels(labels[i]),
    };
  }
  return p;
}

/**
 * loadedOf gives the working profile up to merge. The result shares w's
 * columns and objects, and merge consumes it (it rewrites the frames in
 * place and may reuse the objects), so w must not be used afterwards.
 */
export function loadedOf(w: WProfile): LoadedProfile {
  return { profile: header(w), samples: w.samples, exclusive: true };
}
