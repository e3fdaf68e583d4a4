// Scaling of sample values, as pprof's profile.ScaleN, Normalize and
// measurement.ScaleProfiles do it: what -base (values times -1), -normalize
// (the source scaled to the base's totals) and merging profiles recorded in
// different units of one kind (ms and ns) need.

import { AnalyzerError } from '../errors.js';
import { compatible, goValueType } from './compatible.js';
import { sameUnitKind, scale } from '../measurement/units.js';
import type { LoadedProfile } from './load.js';
import type { WProfile } from './model.js';
import type { ValueType } from '@fluoro/profile';

// goRound is Go's math.Round: halves away from zero (Math.round takes -2.5 to -2).
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

// scaleN multiplies value i of every sample by ratios[i] and, like Go,
// keeps only samples where a scaled value (ratio != 1) is non-zero.
function scaleN(p: WProfile, ratios: number[]): void {
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

/** setLabel gives every sample the string label key = values, replacing any it had. */
export function setLabel(p: WProfile, key: string, values: string[]): void {
  for (const s of p.sample) {
    const label = new Map(s.label);
    label.set(key, [...values]);
    s.label = label;
  }
}

function compatibleTypes(a: ValueType, b: ValueType): boolean {
  if (a.type.replace(/s$/, '') !== b.type.replace(/s$/, '')) return false;
  return a.unit === b.unit || sameUnitKind(a.unit, b.unit);
}

// commonType is measurement.CommonValueType: the finest of compatible types.
function commonType(ts: ValueType[]): ValueType | undefined {
  if (ts.length <= 1) return undefined;
  let min = ts[0];
  for (const t of ts.slice(1)) {
    if (!compatibleTypes(min, t)) throw new Error(`incompatible types: ${goValueType(min)} ${goValueType(t)}`);
    if (scale(1, t.unit, min.unit)[0] < 1) min = t;
  }
  return { ...min };
}

/**
 * scaleProfiles is measurement.ScaleProfiles, run before profiles merge: it
 * rewrites values into the finest unit among them, and refuses profiles of
 * different kinds with Go's message.
 */
export function scaleProfiles(loaded: LoadedProfile[]): void {
  const profs = loaded.map((l) => l.profile);
  let period: ValueType | undefined;
  let types: (ValueType | undefined)[];
  try {
    period = commonType(profs.flatMap((p) => (p.periodType ? [p.periodType] : [])));
  } catch (err) {
    throw new AnalyzerError(`period type: ${(err as Error).message}`);
  }
  const n = profs[0]?.sampleType.length ?? 0;
  for (const p of profs.slice(1)) {
    if (p.sampleType.length !== n) throw new AnalyzerError(`inconsistent samples type count: ${n} != ${p.sampleType.length}`);
  }
  try {
    types = Array.from({ length: n }, (_, i) => commonType(profs.map((p) => p.sampleType[i])));
  } catch (err) {
    throw new AnalyzerError(`sample types: ${(err as Error).message}`);
  }
  for (const { profile: p, samples } of loaded) {
    if (p.periodType && period) {
      p.period = Math.trunc(scale(p.period, p.periodType.unit, period.unit)[0]);
      p.periodType = { ...p.periodType, unit: period.unit };
    }
    const ratios = p.sampleType.map((st, i) => {
      const t = types[i];
      if (!t) return 1;
      const r = scale(1, st.unit, t.unit)[0];
      p.sampleType[i] = { ...st, unit: t.unit };
      return r;
    });
    if (ratios.every((r) => r === 1)) continue;
    const { values, width } = samples;
    for (let s = 0; s < samples.count; s++) {
      let keep = false;
      for (let j = 0; j < width; j++) {
        if (ratios[j] === 1) continue;
        values[s * width + j] = goRound(values[s * width + j] * ratios[j]);
        keep ||= values[s * width + j] !== 0;
      }
      // Go drops such a sample; merge drops all-zero ones.
      if (!keep) values.fill(0, s * width, (s + 1) * width);
    }
  }
}
