// One profile of a process from the profiles of its threads: each thread's
// samples labelled with its name (`thread=main`, `thread=worker-1`, so that
// `go tool pprof -tagfocus=thread=...` splits them), then merged as Go's
// profile.Merge merges profiles.

import { columnsOf, loadedOf, merge, setLabel, toProfile, type Profile } from '@fluoro/profile';

/** ThreadProfile is one thread's profile and the name its samples are labelled with. */
export interface ThreadProfile {
  thread: string;
  profile: Profile;
}

/** mergeThreads merges the threads' profiles, each sample labelled with its thread; the duration is the longest, as the threads ran side by side. It consumes the profiles. */
export function mergeThreads(parts: ThreadProfile[]): Profile {
  const durationNanos = Math.max(...parts.map((p) => p.profile.durationNanos));
  const labelled = parts.map(({ thread, profile }) => {
    const w = merge([columnsOf(profile)]);
    setLabel(w, 'thread', [thread]);
    return loadedOf(w);
  });
  const merged = merge(labelled);
  merged.durationNanos = durationNanos;
  return toProfile(merged);
}
