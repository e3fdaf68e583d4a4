// Combines the profiles of the processes one `fluoro run` started into one
// profile, each sample labelled with its process id (`pid`), so reports show
// the whole command and `-tagfocus=pid=N` shows one process.

import { mergeSideBySide, ProfileError, type Profile } from '@fluoro/profile';

/** combineProfiles merges profiles of the same sample types, labelling each sample with its pid. */
export function combineProfiles(parts: { pid: number; profile: Profile }[]): Profile {
  try {
    return mergeSideBySide(
      parts.map(({ pid, profile }) => ({ name: String(pid), profile })),
      'pid',
    );
  } catch (err) {
    if (err instanceof ProfileError && err.code === 'ERR_PROFILE_INCOMPATIBLE') throw new Error(`combining the processes' profiles: ${err.message}`, { cause: err });
    throw err;
  }
}
