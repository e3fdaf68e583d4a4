// The working profile: what merge makes and the other operations (scale,
// filters, aggregate, copy) change. Its samples are columns (columns.ts):
// stacks are ranges of one frame column of location indexes (merge numbers
// locations 1..n, so index i is location id i+1), labels are grouped by key
// as Go's profile package holds them (sample-labels.ts). Mappings,
// locations and functions are owned by whoever holds the working profile
// and filters may mutate them; the sample columns are never written, only
// replaced, so copies share them. toProfile turns it back into a resolved
// Profile.

import type { SampleColumns } from '../columns.js';
import type { Location, Mapping, ProfileFunction, ValueType } from '../model.js';

/** WProfile is a Profile whose samples are in columns and whose objects are private copies. */
export interface WProfile {
  sampleType: ValueType[];
  samples: SampleColumns;
  /**
   * Samples with the same stack and labels may still be apart (merge's
   * keepDuplicates): sums over samples are as after Go's Merge, but what
   * lists samples one by one must compact() the profile first.
   */
  duplicates: boolean;
  mapping: Mapping[];
  location: Location[];
  function: ProfileFunction[];
  dropFrames: string;
  keepFrames: string;
  timeNanos: bigint;
  durationNanos: number;
  periodType?: ValueType;
  period: number;
  comment: string[];
  defaultSampleType: string;
}
