// Scaling of sample values, as pprof's Profile.ScaleN, Scale and Normalize
// do it: what -base and delta profiles (values times -1), -normalize (the
// source scaled to the base's totals) and unit conversion before a merge
// (measurement.ScaleProfiles) need. Values are rounded as Go rounds them.

import { selectSamples, type SampleColumns } from '../columns.js';
import { mapLabels } from '../sample-labels.js';
import { compatible } from './compatible.js';
import type { WProfile } from './working-model.js';

// goRound is Go's math.Round: halves away from zero (Math.round takes -2.5 to -2).
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

// scaleValues multiplies value j of every sample by ratios[j] in values, and
// marks in the result the samples with a non-zero scaled value (ratio != 1).
function scaleValues(values: Float64Array, count: number, ratios: number[]): Uint8Array {
  const width = ratios.length;
  const nonZero = new Uint8Array(count);
  for (let s = 0; s < count; s++) {
    for (let j = 0; j < width; j++) {
      if (ratios[j] === 1) continue;
      values[s * width + j] = goRound(values[s * width + j] * ratios[j]);
      if (values[s * width + j] !== 0) nonZero[s] = 1;
    }
  }
  return nonZero;
}

/**
 * scaleN multiplies value i of every sample by ratios[i] and, like Go's
 * ScaleN, keeps only the samples where a scaled value (ratio != 1) is
 * non-zero.
 */
export function scaleN(p: WProfile, ratios: number[]): void {
  if (ratios.every((r) => r === 1)) return;
  // New columns: the old ones may be shared with a copy of p.
  const c = selectSamples(p.samples, {});
  p.samples = selectSamples(c, { keep: scaleValues(c.values, c.count, ratios) });
}

/**
 * scaleColumns is scaleN on the sample columns of a loaded profile, in
 * place, before a merge: a sample that Go's ScaleN would drop has all its
 * values set to zero instead, and merge drops it.
 */
export function scaleColumns(samples: SampleColumns, ratios: number[]): void {
  if (ratios.every((r) => r === 1)) return;
  const { values, width } = samples;
  const nonZero = scaleValues(values, samples.count, ratios);
  for (let s = 0; s < samples.count; s++) if (nonZero[s] === 0) values.fill(0, s * width, (s + 1) * width);
}

/** scaleBy multiplies every sample value by ratio (pprof's Profile.Scale). */
export function scaleBy(p: WProfile, ratio: number): void {
  scaleN(p, p.sampleType.map(() => ratio));
}

function sums(c: SampleColumns): number[] {
  const out = new Array<number>(c.width).fill(0);
  for (let s = 0; s < c.count; s++) for (let j = 0; j < c.width; j++) out[j] += c.values[s * c.width + j];
  return out;
}

/** normalize scales p so that each sample type sums to what it sums to in base (pprof -normalize). */
export function normalize(p: WProfile, base: WProfile): void {
  compatible(p, base);
  const baseVals = sums(base.samples);
  const srcVals = sums(p.samples);
  scaleN(p, srcVals.map((v, i) => (v === 0 ? 0 : baseVals[i] / v)));
}

/** setLabel gives every sample the string label key = values, replacing any it had (Go's Profile.SetLabel). */
export function setLabel(p: WProfile, key: string, values: string[]): void {
  const labels = mapLabels(p.samples.labels, (l) => {
    const label = new Map(l.label);
    label.set(key, [...values]);
    return { ...l, label };
  });
  p.samples = { ...p.samples, labels };
}
