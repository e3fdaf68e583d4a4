// A profile with its samples in columns: the stacks of all samples in one
// Int32Array of location indexes, the values in one Float64Array. A decoded
// Profile holds an array of Location references per sample, which on a
// 50 MB profile is most of the process's memory (29 million frames at 8
// bytes, plus an object per sample); columns need half of that and no
// per-sample objects. It is what loadProfile returns and what merge reads.

import { ProfileError } from './errors.js';
import type { Label, Profile } from './model.js';

/** SampleColumns holds a profile's samples, in file order. */
export interface SampleColumns {
  count: number;
  /** Values per sample (the number of sample types). */
  width: number;
  /** Frames of sample i, leaf first, are frames[start[i] .. start[i+1]). */
  start: Int32Array;
  /** Indexes into profile.location. */
  frames: Int32Array;
  /** Value j of sample i is values[i * width + j]. */
  values: Float64Array;
  /** Labels of sample i, or undefined when it has none. */
  labels: (Label[] | undefined)[];
}

/** LoadedProfile is a profile whose `sample` list is empty and whose samples are in columns. */
export interface LoadedProfile {
  profile: Profile;
  samples: SampleColumns;
}

/** columnsOf moves a resolved profile's samples into columns: the profile's own `sample` list is emptied. */
export function columnsOf(p: Profile): LoadedProfile {
  const index = new Map(p.location.map((l, i) => [l, i]));
  const count = p.sample.length;
  const width = p.sampleType.length;
  let total = 0;
  for (const s of p.sample) total += s.location.length;
  const cols = newColumns(count, width, total);
  const { start, frames, values, labels } = cols;
  let f = 0;
  p.sample.forEach((s, i) => {
    start[i] = f;
    for (const l of s.location) {
      const li = index.get(l);
      // Merge would otherwise read the unlisted location as location 0.
      if (li === undefined) throw new ProfileError('ERR_PROFILE_INVALID', `malformed profile: inconsistent location: ${l.id}`);
      frames[f++] = li;
    }
    for (let j = 0; j < width; j++) values[i * width + j] = s.value[j];
    if (s.label.length > 0) labels[i] = s.label;
  });
  start[count] = f;
  p.sample = [];
  return { profile: p, samples: cols };
}

/** newColumns allocates the columns of count samples, width values each, with frames frames in all. */
export function newColumns(count: number, width: number, frames: number): SampleColumns {
  return {
    count,
    width,
    start: new Int32Array(count + 1),
    frames: new Int32Array(frames),
    values: new Float64Array(count * width),
    labels: new Array<Label[] | undefined>(count).fill(undefined),
  };
}
