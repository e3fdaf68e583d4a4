// The working profile: what merge makes and the other operations (scale,
// filters, aggregate, copy) change in place. Labels are grouped by key, the
// way Go's profile package holds them (Label: key -> values, NumLabel/NumUnit),
// because pprof's reports, merge keys and -raw output all read that shape.
// Stacks are indexes into the profile's location list (merge numbers
// locations 1..n, so index i is location id i+1), views of one frame column.
// Every object here is owned by whoever holds the working profile: filters
// may mutate it. toProfile turns it back into a resolved Profile.

import type { Label, Location, Mapping, ProfileFunction, ValueType } from '../model.js';

/**
 * WSample is a sample with labels grouped by key. The label maps are
 * read-only: samples without labels share one empty map (most samples have
 * none, and three maps per sample cost more memory than the stacks), so a
 * filter that changes labels replaces the maps instead.
 */
export interface WSample {
  /** Indexes into WProfile.location of the sample's frames, leaf first. */
  locs: Int32Array;
  value: number[];
  label: ReadonlyMap<string, string[]>;
  numLabel: ReadonlyMap<string, number[]>;
  numUnit: ReadonlyMap<string, string[]>;
}

/** WProfile is a Profile whose samples are WSamples and whose objects are private copies. */
export interface WProfile {
  sampleType: ValueType[];
  sample: WSample[];
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

const NO_LABELS: ReadonlyMap<never, never> = new Map<never, never>();
const NO_GROUPS = Object.freeze({ label: NO_LABELS, numLabel: NO_LABELS, numUnit: NO_LABELS });

/** groupLabels turns a decoded sample's label list into Go's grouped maps. */
export function groupLabels(labels: Label[] | undefined): Pick<WSample, 'label' | 'numLabel' | 'numUnit'> {
  if (labels === undefined || labels.length === 0) return NO_GROUPS;
  const label = new Map<string, string[]>();
  const numLabel = new Map<string, number[]>();
  const numUnit = new Map<string, string[]>();
  for (const l of labels) {
    if (l.str !== undefined && l.str !== '') {
      const v = label.get(l.key);
      if (v) v.push(l.str);
      else label.set(l.key, [l.str]);
    } else if ((l.num !== undefined && l.num !== 0) || (l.numUnit !== undefined && l.numUnit !== '')) {
      const vals = numLabel.get(l.key) ?? [];
      if (l.numUnit) {
        const units = numUnit.get(l.key) ?? [];
        while (units.length < vals.length) units.push('');
        units.push(l.numUnit);
        numUnit.set(l.key, units);
      }
      vals.push(l.num ?? 0);
      numLabel.set(l.key, vals);
    }
  }
  for (const [k, units] of numUnit) {
    const n = numLabel.get(k)?.length ?? 0;
    while (units.length < n) units.push('');
  }
  return { label, numLabel, numUnit };
}
