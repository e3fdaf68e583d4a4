// Samples in columns: the stacks of all samples in one Int32Array of
// location indexes, the values in one Float64Array, the labels as shared
// label sets. A decoded Profile holds an array of Location references and a
// few objects per sample, which on a 50 MB profile is most of the process's
// memory (29 million frames at 8 bytes, plus objects the garbage collector
// must trace); columns need half of that and give the collector almost
// nothing to do. Decoders fill them, merge reads them, and the working
// profile keeps its samples in them through every operation and report.
//
// A sample's frames are a range of the frame column (start, end), so that
// an operation that drops samples or cuts stacks (a filter, -show_from)
// makes new small columns of ranges and values and shares the big frame
// column. Columns are never written once a profile holds them: operations
// make new ones, and copies of a profile share them. The one exception is
// merge, which consumes its sources and rewrites their frames in place.

import { ProfileError } from './errors.js';
import type { Profile } from './model.js';
import { LabelSets, NO_LABELS, type SampleLabels } from './sample-labels.js';

/** SampleColumns holds a profile's samples in order. */
export interface SampleColumns {
  /** The number of samples. */
  count: number;
  /** Values per sample (the number of sample types). */
  width: number;
  /** Frames of sample i, leaf first, are frames[start[i] .. end[i]). */
  start: Int32Array;
  end: Int32Array;
  /** Indexes into the profile's location list; parts no sample points at hold anything. */
  frames: Int32Array;
  /** Value j of sample i is values[i * width + j]. */
  values: Float64Array;
  /** Labels of sample i (NO_LABELS when it has none). */
  labels: SampleLabels[];
}

/** LoadedProfile is a profile whose `sample` list is empty and whose samples are in columns. */
export interface LoadedProfile {
  profile: Profile;
  samples: SampleColumns;
  /**
   * The profile's mappings, locations and functions belong to it alone (it
   * was just decoded, or is a working profile given up to merge), so merge
   * may make them its merged objects instead of copying them. A profile
   * built by a caller who may still use its objects leaves this unset.
   */
  exclusive?: boolean;
  /**
   * The samples use the profile's first `firstUse` locations, and list them
   * in order of first use: the others come after them, unused (a decoder
   * orders them so). When every sample has a value, merge then numbers the
   * merged locations as they are and leaves the frame column alone.
   */
  firstUse?: number;
}

/** newColumns allocates the columns of count samples, width values each, with room for frames frames. */
export function newColumns(count: number, width: number, frames: number): SampleColumns {
  return {
    count,
    width,
    start: new Int32Array(count),
    end: new Int32Array(count),
    frames: new Int32Array(frames),
    values: new Float64Array(count * width),
    labels: new Array<SampleLabels>(count).fill(NO_LABELS),
  };
}

/** columnsOf moves a resolved profile's samples into columns: the profile's own `sample` list is emptied. */
export function columnsOf(p: Profile): LoadedProfile {
  const index = new Map(p.location.map((l, i) => [l, i]));
  const count = p.sample.length;
  const width = p.sampleType.length;
  let total = 0;
  for (const s of p.sample) total += s.location.length;
  const cols = newColumns(count, width, total);
  const { start, end, frames, values, labels } = cols;
  const labelSets = new LabelSets();
  let f = 0;
  p.sample.forEach((s, i) => {
    start[i] = f;
    for (const l of s.location) {
      const li = index.get(l);
      // Merge would otherwise read the unlisted location as location 0.
      if (li === undefined) throw new ProfileError('ERR_PROFILE_INVALID', `malformed profile: inconsistent location: ${l.id}`);
      frames[f++] = li;
    }
    end[i] = f;
    for (let j = 0; j < width; j++) values[i * width + j] = s.value[j];
    labels[i] = labelSets.of(s.label);
  });
  p.sample = [];
  return { profile: p, samples: cols };
}

/** SampleSelection picks samples of columns and, optionally, new frame ranges for them. */
export interface SampleSelection {
  /** Samples marked 1 are kept (all when undefined). */
  keep?: Uint8Array;
  /** New range starts and ends, by old sample number (the columns' own when undefined). */
  start?: Int32Array;
  end?: Int32Array;
}

/** selectSamples returns new columns of the chosen samples, in order, sharing the frame column. */
export function selectSamples(c: SampleColumns, sel: SampleSelection): SampleColumns {
  const { keep, start = c.start, end = c.end } = sel;
  const { width } = c;
  let count = c.count;
  if (keep) {
    count = 0;
    for (let i = 0; i < c.count; i++) count += keep[i];
  }
  const out: SampleColumns = {
    count,
    width,
    start: new Int32Array(count),
    end: new Int32Array(count),
    frames: c.frames,
    values: new Float64Array(count * width),
    labels: new Array<SampleLabels>(count),
  };
  let n = 0;
  for (let i = 0; i < c.count; i++) {
    if (keep && keep[i] === 0) continue;
    out.start[n] = start[i];
    out.end[n] = end[i];
    for (let j = 0; j < width; j++) out.values[n * width + j] = c.values[i * width + j];
    out.labels[n] = c.labels[i];
    n++;
  }
  return out;
}

/** copyFrames returns columns like c with a frame column of their own, for a merge that must leave c as it is. */
export function copyFrames(c: SampleColumns): SampleColumns {
  return { ...c, frames: c.frames.slice() };
}
