// The analyzer's working copy of a profile. Labels are grouped by key, the way
// Go's profile package holds them (Label: key -> values, NumLabel/NumUnit),
// because pprof's reports, merge keys and -raw output all read that shape.
// Every object here is owned by the analysis: filters may mutate it.

import type { Location, Mapping, Profile, ProfileFunction, ValueType } from '@fluoro/profile';

/** WSample is a sample with labels grouped by key. */
export interface WSample {
  location: Location[];
  value: number[];
  label: Map<string, string[]>;
  numLabel: Map<string, number[]>;
  numUnit: Map<string, string[]>;
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

/** groupLabels turns a decoded sample's label list into Go's grouped maps. */
export function groupLabels(s: Profile['sample'][number]): Pick<WSample, 'label' | 'numLabel' | 'numUnit'> {
  const label = new Map<string, string[]>();
  const numLabel = new Map<string, number[]>();
  const numUnit = new Map<string, string[]>();
  for (const l of s.label) {
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
