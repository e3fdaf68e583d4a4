// The reports drawn from the call graph with its edges: -dot, -svg (dot that
// the driver then lays out), -tree, -peek and -list. Like pprof's newGraph,
// each first trims build-machine prefixes from the profile's file names.

import { AnalyzerError } from '../errors.js';
import { formatDot, getDot, type DotReport } from './dot.js';
import { formatList, listSource } from './list.js';
import type { Report } from './report.js';
import { trimSourcePath } from './sourcefile.js';
import { formatTree, treeEntries } from './tree.js';

const GRAPH_REPORTS = ['dot', 'svg', 'tree', 'peek', 'list'] as const;
/** GraphReportName is a report this module prints. */
export type GraphReportName = (typeof GRAPH_REPORTS)[number];

/** isGraphReport tells whether graphReport prints a report. */
export function isGraphReport(name: string): name is GraphReportName {
  return (GRAPH_REPORTS as readonly string[]).includes(name);
}

/** GraphReportOptions are the flags only graph reports read. */
export interface GraphReportOptions {
  /** The -peek or -list regexp (required by those two). */
  symbol?: RegExp;
  sourcePath: string;
  trimPath: string;
}

function required(symbol: RegExp | undefined): RegExp {
  if (!symbol) throw new AnalyzerError('-peek and -list need a regexp');
  return symbol;
}

/** graphReport prints one graph report; -svg gives the dot text that renderSvg lays out. */
export function graphReport(name: GraphReportName, rpt: Report, o: GraphReportOptions): string {
  for (const f of rpt.prof.function) f.filename = trimSourcePath(f.filename, o.trimPath, o.sourcePath);
  switch (name) {
    case 'dot':
    case 'svg':
      return formatDot(rpt);
    case 'tree':
      return formatTree(rpt, treeEntries(rpt));
    case 'peek':
      return formatTree(rpt, treeEntries(rpt, required(o.symbol)));
    case 'list':
      return formatList(rpt, listSource(rpt, required(o.symbol), o.sourcePath));
  }
}

/** GraphSource is a report ready to draw, as prepareReport returns it. */
export interface GraphSource {
  rpt: Report;
  cfg: { trimPath: string; sourcePath: string };
}

/**
 * dotReport computes the dot graph of a prepared report as data, for front
 * ends that draw it themselves or render it with renderSvg. It modifies
 * the report's profile (file names), so it runs once per prepared report.
 */
export function dotReport({ rpt, cfg }: GraphSource): DotReport {
  for (const f of rpt.prof.function) f.filename = trimSourcePath(f.filename, cfg.trimPath, cfg.sourcePath);
  return getDot(rpt);
}

/** renderDot prints the dot report of a prepared report (-dot). */
export function renderDot(prepared: GraphSource): string {
  return graphReport('dot', prepared.rpt, { sourcePath: prepared.cfg.sourcePath, trimPath: prepared.cfg.trimPath });
}
