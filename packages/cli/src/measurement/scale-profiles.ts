// pprof's measurement.ScaleProfiles, run before profiles merge: profiles of
// one kind recorded in different units (ms and ns, kB and B) are rewritten
// into the finest unit among them, and profiles of different kinds are
// refused with Go's message. It sits with the units table it reads; the
// scaling itself is the profile package's.

import { goValueType, scaleColumns, type LoadedProfile, type ValueType } from '@fluoro/profile';
import { AnalyzerError } from '../errors.js';
import { sameUnitKind, scale } from './units.js';

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

/** scaleProfiles rewrites the values of profiles about to merge into the finest unit among them, refusing profiles of different kinds. */
export function scaleProfiles(loaded: LoadedProfile[]): void {
  const profs = loaded.map((l) => l.profile);
  let period: ValueType | undefined;
  let types: (ValueType | undefined)[];
  try {
    period = commonType(profs.flatMap((p) => (p.periodType ? [p.periodType] : [])));
  } catch (err) {
    throw new AnalyzerError(`period type: ${(err as Error).message}`, { cause: err });
  }
  const n = profs[0]?.sampleType.length ?? 0;
  for (const p of profs.slice(1)) {
    if (p.sampleType.length !== n) throw new AnalyzerError(`inconsistent samples type count: ${n} != ${p.sampleType.length}`);
  }
  try {
    types = Array.from({ length: n }, (_, i) => commonType(profs.map((p) => p.sampleType[i])));
  } catch (err) {
    throw new AnalyzerError(`sample types: ${(err as Error).message}`, { cause: err });
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
    scaleColumns(samples, ratios);
  }
}
