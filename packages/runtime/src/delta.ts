// Delta profiles (`?seconds=N`): the later profile minus the earlier one,
// made as Go's net/http/pprof makes them: the earlier profile scaled by -1
// and merged with the later one (profile.Merge), so samples with the same
// stack and labels cancel, a stack only in the earlier profile stays as a
// negative sample, and zero samples are dropped. The result has the later
// profile's time and the time between the two as its duration.

import { columnsOf, diff, toProfile, type Profile } from '@fluoro/profile';

/** deltaProfile returns `after - before`, with `after`'s time and the interval between them as its duration; it consumes both. */
export function deltaProfile(before: Profile, after: Profile): Profile {
  const t0 = before.timeNanosExact ?? BigInt(before.timeNanos);
  const t1 = after.timeNanosExact ?? BigInt(after.timeNanos);
  const delta = diff(columnsOf(before), columnsOf(after));
  // Go sets both after the merge, which takes the earlier time and sums the durations.
  delta.timeNanos = t1;
  delta.durationNanos = Number(t1 - t0);
  return toProfile(delta);
}
