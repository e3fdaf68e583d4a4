// The two profile operations that are merges in disguise, as Go's profile
// package and net/http/pprof build them: a difference (a base scaled by -1
// and merged in) and a compaction (a merge of one profile).

import { copyFrames, type LoadedProfile } from '../columns.js';
import { loadedOf } from './convert.js';
import { merge } from './merge.js';
import { scaleColumns } from './scale.js';
import type { WProfile } from './working-model.js';

/**
 * diff returns profile minus base the way net/http/pprof makes a delta
 * profile: base's values scaled by -1, then merged, base first, with
 * profile, so a stack only in base stays as a negative sample and samples
 * that cancel out are dropped. The header is merge's (the earlier time, the
 * durations summed); callers that want another set it. It consumes both.
 */
export function diff(base: LoadedProfile, profile: LoadedProfile): WProfile {
  scaleColumns(base.samples, base.profile.sampleType.map(() => -1));
  return merge([base, profile]);
}

/**
 * compact is Go's Profile.Compact: p merged on its own into a new working
 * profile, so that samples with the same stack and labels add up, zero
 * samples go, locations and functions no sample uses any more go with them,
 * and ids run 1..n in order of first use. p itself is left as it was.
 */
export function compact(p: WProfile): WProfile {
  const { profile, samples } = loadedOf(p);
  return merge([{ profile, samples: copyFrames(samples), exclusive: false }]);
}
