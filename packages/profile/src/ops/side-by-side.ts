// Profiles of things that ran side by side (a process's threads, the
// processes of one command) made into one: each part's samples labelled with
// its name under one key, so `-tagfocus=KEY=NAME` splits them again, then
// merged as Go's profile.Merge merges. Merge adds the durations up, which
// fits profiles taken one after another; parts that ran at the same time
// cover the longest of their durations instead.

import { columnsOf } from '../columns.js';
import type { Profile } from '../model.js';
import { loadedOf, toProfile } from './convert.js';
import { merge } from './merge.js';
import { setLabel } from './scale.js';

/** LabelledPart is one part of mergeSideBySide: its profile and the name its samples get. */
export interface LabelledPart {
  name: string;
  profile: Profile;
}

/** mergeSideBySide merges profiles that ran at the same time, each sample labelled key=name; the duration is the longest part's. */
export function mergeSideBySide(parts: LabelledPart[], key: string): Profile {
  if (parts.length === 0) throw new TypeError('mergeSideBySide: no profiles to merge');
  const durationNanos = Math.max(...parts.map((p) => p.profile.durationNanos));
  const merged = merge(
    parts.map(({ name, profile }) => {
      const w = merge([columnsOf(profile)]);
      setLabel(w, key, [name]);
      return loadedOf(w);
    }),
  );
  merged.durationNanos = durationNanos;
  return toProfile(merged);
}
