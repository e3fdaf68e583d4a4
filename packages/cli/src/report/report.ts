// Report: a profile ready for printing, with its total and value formatter,
// as pprof's report.Report. The total is taken when the report is created,
// before -focus and friends remove samples, so percentages stay relative to
// the whole profile unless -relative_percentages is set.

import type { WProfile } from '@fluoro/profile';
import { scaledLabel } from '../measurement/units.js';
import { ReportCache } from './frames.js';
import type { ReportOptions } from './options.js';

/** Report is a profile with its options and the total its percentages use. */
export interface Report {
  prof: WProfile;
  options: ReportOptions;
  total: number;
  /** What reports computed from the same prepared profile share (frames.ts). */
  cache: ReportCache;
  /**
   * File names are shown trimmed of build-machine prefixes, as pprof's
   * newGraph trims them for the reports drawn from the call graph
   * (computeReport sets it).
   */
  trimSources?: boolean;
}

/** newReport computes the report total (absolute values; -mean divides). */
export function newReport(prof: WProfile, options: ReportOptions): Report {
  let total = 0;
  let div = 0;
  let diffTotal = 0;
  let diffDiv = 0;
  const { count, width, values, labels } = prof.samples;
  for (let i = 0; i < count; i++) {
    let v = values[i * width + options.sampleIndex];
    const d = options.meanIndex >= 0 ? values[i * width + options.meanIndex] : 0;
    if (v < 0) v = -v;
    total += v;
    div += d;
    if (labels[i].label.get('pprof::base')?.includes('true')) {
      diffTotal += v;
      diffDiv += d;
    }
  }
  if (diffTotal > 0) {
    total = diffTotal;
    div = diffDiv;
  }
  if (div !== 0) total = Math.trunc(total / div);
  return { prof, options, total, cache: new ReportCache() };
}

/** withOutputUnit is rpt with its values printed in unit: a copy when the unit differs, rpt itself unchanged. */
export function withOutputUnit(rpt: Report, unit: string): Report {
  return unit === rpt.options.outputUnit ? rpt : { ...rpt, options: { ...rpt.options, outputUnit: unit } };
}

/** formatValue prints a sample value in the report's output unit. */
export function formatValue(rpt: Report, v: number): string {
  const r = rpt.options.ratio;
  if (r > 0 && r !== 1) v = Math.trunc(v * r);
  return scaledLabel(v, rpt.options.sampleUnit, rpt.options.outputUnit);
}
