// The views every profile has (meta, flame graph, top) and the header that
// all views but meta start with; their JSON types are declared in
// contract.ts.

import type { Config } from '../driver/options.js';
import type { Prepared } from '../driver/pprof.js';
import { sampleIndexByName } from '../driver/pprof.js';
import { flameGraph, type FlameData } from '../report/flamegraph.js';
import type { WProfile } from '@fluoro/profile';
import type { FlameView, MetaView, TopView, ViewHeader } from './contract.js';
import { profileLabels } from '../report/labels.js';
import { topRows } from '../report/top.js';
import { withOutputUnit } from '../report/report.js';
import { prepare, type Session } from './session.js';
import { flagsFromURL } from './params.js';
import { configFromFlags } from '../driver/options.js';

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

/** metaView describes the session's profile. */
export function metaView(s: Session): MetaView {
  const p = s.profile;
  const cfg = configFromFlags(flagsFromURL(s.flags, new URLSearchParams()).flags);
  const types = p.sampleType.map((t) => ({ type: t.type, unit: t.unit }));
  const index = types.length > 0 ? sampleIndexByName(p, cfg.sampleIndex) : -1;
  let diff = false;
  for (const smp of p.samples.labels) {
    if (smp.label.has('pprof::base')) {
      diff = true;
      break;
    }
  }
  return { title: s.sources.join(' '), sampleTypes: types, defaultSampleType: index >= 0 ? types[index].type : '', diff };
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
