// One profile of a process from the profiles of its threads: the samples of
// all of them, each labelled with its thread's name (`thread=main`,
// `thread=worker-1`), so `go tool pprof -tagfocus=thread=...` splits them.

import type { Profile } from '@fluoro/profile';
import { renumber } from './delta.js';

/** ThreadProfile is one thread's profile and the name its samples are labelled with. */
export interface ThreadProfile {
  thread: string;
  profile: Profile;
}

/** mergeThreads concatenates the threads' samples under the first (main) profile's header; the duration is the longest. */
export function mergeThreads(parts: ThreadProfile[]): Profile {
  const [first] = parts;
  const samples = parts.flatMap(({ thread, profile }) =>
    profile.sample.map((s) => ({ ...s, label: [...s.label, { key: 'thread', str: thread }] })),
  );
  const durationNanos = Math.max(...parts.map((p) => p.profile.durationNanos));
  return { ...first.profile, ...renumber(samples), durationNanos };
}
