// One profile of a process from the profiles of its threads, each sample
// labelled with its thread's name (`thread=main`, `thread=worker-1`), so that
// `go tool pprof -tagfocus=thread=...` splits them.

import { mergeSideBySide, type Profile } from '@fluoro/profile';

/** ThreadProfile is one thread's profile and the name its samples are labelled with. */
export interface ThreadProfile {
  thread: string;
  profile: Profile;
}

/** mergeThreads merges the threads' profiles under a `thread` label; the duration is the longest, as the threads ran side by side. */
export function mergeThreads(parts: ThreadProfile[]): Profile {
  return mergeSideBySide(
    parts.map(({ thread, profile }) => ({ name: thread, profile })),
    'thread',
  );
}
