// The JSON behind each page of the UI. Every view carries the same header
// (legend lines, warnings, units, total) so the page chrome is drawn the same
// way everywhere; values are raw numbers plus the unit, and the browser
// formats them with the CLI's own unit table.

import type { ValueType } from '@fluoro/profile';
import type { Config } from '../driver/options.js';
import type { Prepared } from '../driver/pprof.js';
import { sampleIndexByName } from '../driver/pprof.js';
import { flameGraph, type FlameData } from '../report/flamegraph.js';
import type { WProfile } from '../profileops/model.js';
import { profileLabels } from '../report/labels.js';
import { topRows, type TopRow } from '../report/top.js';
import { withOutputUnit } from '../report/report.js';
import { prepare, type Session } from './session.js';
import { flagsFromURL } from './params.js';
import { configFromFlags } from '../driver/options.js';

/** ViewHeader is what every view response starts with. */
export interface ViewHeader {
  legend: string[];
  warnings: string[];
  sampleType: string;
  sampleUnit: string;
  /** The -unit setting ("minimum" picks one per value). */
  outputUnit: string;
  /** The total that percentages are of. */
  total: number;
}

/** header describes a prepared report for the page chrome. */
export function header(pr: Prepared): ViewHeader {
  const o = pr.rpt.options;
  return {
    legend: profileLabels(pr.rpt),
    // The symbolizer's note is about the command line's binary lookup, not the profile.
    warnings: pr.warnings.filter((w) => w !== 'Main binary filename not available.'),
    sampleType: o.sampleType,
    sampleUnit: o.sampleUnit,
    outputUnit: o.outputUnit,
    total: pr.rpt.total,
  };
}

/** MetaView is what the page needs before any view: sample types and mode. */
export interface MetaView {
  title: string;
  sampleTypes: ValueType[];
  /** The sample type shown when the URL has no si parameter. */
  defaultSampleType: string;
  /** True when a -diff_base profile was subtracted. */
  diff: boolean;
}

/** metaView describes the session's profile. */
export function metaView(s: Session): MetaView {
  const p = s.profile;
  const cfg = configFromFlags(flagsFromURL(s.flags, new URLSearchParams()).flags);
  const types = p.sampleType.map((t) => ({ type: t.type, unit: t.unit }));
  const index = types.length > 0 ? sampleIndexByName(p, cfg.sampleIndex) : -1;
  let diff = false;
  for (const smp of p.sample) {
    if (smp.label.has('pprof::base')) {
      diff = true;
      break;
    }
  }
  return { title: s.sources.join(' '), sampleTypes: types, defaultSampleType: index >= 0 ? types[index].type : '', diff };
}

/** FlameView is the flame graph of the current settings. */
export interface FlameView extends ViewHeader {
  flame: FlameData;
}

/** flameView computes the flame graph the way pprof's UI does: no trimming. */
export function flameView(s: Session, q: URLSearchParams): FlameView {
  const pr = prepare(s, q, (cfg: Config) => {
    cfg.trim = false;
  });
  const flame = flameGraph(pr.rpt);
  addFiles(flame, s.profile);
  return { ...header(pr), flame };
}

/**
 * addFiles gives frames the file of their function where granularity
 * dropped it (the default, functions), so the UI can color a Node frame
 * such as "handle" by its module and show where it is. Only names defined
 * in exactly one file get one: "(anonymous)" lives everywhere.
 */
function addFiles(flame: FlameData, p: WProfile): void {
  if (flame.files.every((f) => f !== '')) return;
  const byName = new Map<string, string>();
  for (const f of p.function) {
    if (f.filename === '') continue;
    const seen = byName.get(f.name);
    if (seen === undefined) byName.set(f.name, f.filename);
    else if (seen !== f.filename) byName.set(f.name, '');
  }
  flame.files = flame.files.map((f, i) => (f !== '' ? f : byName.get(flame.names[i]) ?? ''));
}

/** TopView is the rows of the top table. */
export interface TopView extends ViewHeader {
  /** The report's own header lines, as -top prints them. */
  labels: string[];
  rows: TopRow[];
}

/** topView is the -top report with pprof's web limit of 500 rows. */
export function topView(s: Session, q: URLSearchParams): TopView {
  const pr = prepare(s, q, (cfg: Config) => {
    cfg.report = 'top';
    cfg.nodeCount = 500;
  });
  const top = topRows(pr.rpt);
  // The header's values are in the unit the rows chose for -unit=minimum.
  return { ...header({ ...pr, rpt: withOutputUnit(pr.rpt, top.outputUnit) }), labels: top.labels, rows: top.rows };
}
