// Scaling of sample values, as pprof's Profile.ScaleN, Scale and Normalize
// do it: what -base and delta profiles (values times -1), -normalize (the
// source scaled to the base's totals) and unit conversion before a merge
// (measurement.ScaleProfiles) need. Values are rounded as Go rounds them.

import type { SampleColumns } from '../columns.js';
import { compatible } from './compatible.js';
import type { WProfile } from './working-model.js';

// goRound is Go's math.Round: halves away from zero (Math.round takes -2.5 to -2).
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * scaleN multiplies value i of every sample by ratios[i] and, like Go's
 * ScaleN, keeps only the samples where a scaled value (ratio != 1) is
 * non-zero.
 */
export function scaleN(p: WProfile, ratios: number[]): void {
  if (ratios.every((r) => r === 1)) return;
  const kept = [];
  for (const s of p.sample) {
    let keep = false;
    for (let i = 0; i < s.value.length; i++) {
      if (ratios[i] === 1) continue;
      s.value[i] = goRound(s.value[i] * ratios[i]);
      keep ||= s.value[i] !== 0;
    }
    if (keep) kept.push(s);
  }
  p.sample = kept;
}

/**
 * scaleColumns is scaleN on sample columns, before a merge: a sample that
 * Go's ScaleN would drop has all its values set to zero instead, and merge
 * drops it.
 */
export function scaleColumns(samples: SampleColumns, ratios: number[]): void {
  if (ratios.every((r) => r === 1)) return;
  const { values, width } = samples;
  for (let s = 0; s < samples.count; s++) {
    let keep = false;
    for (let j = 0; j < width; j++) {
      if (ratios[j] === 1) continue;
      values[s * width + j] = goRound(values[s * width + j] * ratios[j]);
      keep ||= values[s * width + j] !== 0;
    }
    if (!keep) values.fill(0, s * width, (s + 1) * width);
  }
}

/** scaleBy multiplies every sample value by ratio (pprof's Profile.Scale). */
export function scaleBy(p: WProfile, ratio: number): void {
  scaleN(p, p.sampleType.map(() => ratio));
}

/** normalize scales p so that each sample type sums to what it sums to in base (pprof -normalize). */
export function normalize(p: WProfile, base: WProfile): void {
  compatible(p, base);
  const n = p.sampleType.length;
  const baseVals = new Array<number>(n).fill(0);
  const srcVals = new Array<number>(n).fill(0);
  for (const s of base.sample) for (let i = 0; i < n; i++) baseVals[i] += s.value[i];
  for (const s of p.sample) for (let i = 0; i < n; i++) srcVals[i] += s.value[i];
  scaleN(p, srcVals.map((v, i) => (v === 0 ? 0 : baseVals[i] / v)));
}

/** setLabel gives every sample the string label key = values, replacing any it had (Go's Profile.SetLabel). */
export function setLabel(p: WProfile, key: string, values: string[]): void {
  for (const s of p.sample) {
    const label = new Map(s.label);
    label.set(key, [...values]);
    s.label = label;
  }
}
