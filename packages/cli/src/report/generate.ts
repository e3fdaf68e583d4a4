// The one place that knows every report, as pprof's report.Generate is:
// what a report needs from the driver before the profile is prepared
// (reportSpec: trimming, granularity, a regexp argument, pprof's
// applyCommandOverrides), the data of the reports drawn from the call graph
// (computeReport: rows, entries, a dot graph, which the web UI shows too),
// and the printed report (generateReport). The driver, the shell and the
// web UI name a report; none of them switch on its name.

import { encodeProfile, toProfile } from '@fluoro/profile';
import { AnalyzerError } from '../errors.js';
import { formatCollapsed } from './collapsed.js';
import { composeDot, getDot, type DotReport } from './dot.js';
import { formatList, listSource, type ListReport } from './list.js';
import { formatRaw } from './raw.js';
import type { Report } from './report.js';
import { renderSvg } from './svg.js';
import { formatTags } from './tags.js';
import { formatTop, topRows, type TopResult } from './top.js';
import { formatTraces } from './traces.js';
import { formatTree, treeEntries, type TreeReport } from './tree.js';

/** REPORTS are the reports by name: each is a flag of `fluoro pprof` and a shell command. */
export const REPORTS = ['top', 'text', 'traces', 'tags', 'raw', 'proto', 'collapsed', 'dot', 'svg', 'tree', 'peek', 'list'] as const;
/** ReportName is the name of a report. */
export type ReportName = (typeof REPORTS)[number];

/** ReportSpec is what the driver must know of a report before it prepares the profile for it. */
export interface ReportSpec {
  /** The report takes a regexp (-peek=REGEX, "list REGEX") instead of being a bool flag. */
  hasParam: boolean;
  /** -nodecount when none is given (0 lists every node). */
  nodeCount: number;
  /**
   * -nodecount, -nodefraction and -edgefraction may drop nodes. -peek and
   * -list pick functions after trimming, which must not drop them; -raw
   * and -proto are the profile itself.
   */
  trim: boolean;
  /** The granularity the report needs, whatever -granularity says. */
  granularity?: 'lines' | 'addresses';
  /** The report keeps inlined frames apart, whatever -noinlines says. */
  inlines?: boolean;
  /** Where the output goes instead of a terminal (pprof's awayFromTTY): a new file with this suffix. */
  ttySuffix?: string;
  /** On a shell command line, focus and -ignore words select tags (tagfocus, tagignore) rather than frames. */
  tagWords?: boolean;
  /** On a shell command line without a count, how many nodes the report lists ("top" is top10). */
  shellNodeCount?: number;
  /**
   * The report lists samples (or, for -collapsed with -mean, divides each
   * one), so samples with the same stack and labels must have been added
   * up, as Go's Merge does, before filters change any stack.
   */
  listsSamples?: boolean;
}

const GRAPH: ReportSpec = { hasParam: false, nodeCount: 80, trim: true };
const LISTING: ReportSpec = { ...GRAPH, nodeCount: 0, shellNodeCount: 10 };
const PROFILE: ReportSpec = { ...GRAPH, trim: false, granularity: 'addresses', inlines: true, listsSamples: true };

const SPECS: Readonly<Record<ReportName, ReportSpec>> = {
  top: LISTING,
  text: LISTING,
  traces: { ...GRAPH, listsSamples: true },
  tags: { ...GRAPH, tagWords: true },
  raw: PROFILE,
  proto: { ...PROFILE, ttySuffix: '.pb.gz' },
  collapsed: { ...GRAPH, listsSamples: true },
  dot: GRAPH,
  svg: { ...GRAPH, ttySuffix: '.svg' },
  tree: GRAPH,
  peek: { ...GRAPH, hasParam: true, trim: false },
  list: { ...GRAPH, hasParam: true, trim: false, granularity: 'lines' },
};

/** reportSpec describes a report; a view that names none (the web's flame graph) is prepared as a graph report. */
export function reportSpec(name: ReportName | undefined): ReportSpec {
  return name ? SPECS[name] : GRAPH;
}

/** ReportData is what computeReport gives for each report drawn from the call graph. */
export interface ReportData {
  top: TopResult;
  tree: TreeReport;
  peek: TreeReport;
  list: ListReport;
  dot: DotReport;
}

function symbolOf(rpt: Report): RegExp {
  if (!rpt.options.symbol) throw new AnalyzerError('-peek and -list need a regexp');
  return rpt.options.symbol;
}

const COMPUTE: { [K in keyof ReportData]: (rpt: Report) => ReportData[K] } = {
  top: topRows,
  tree: (rpt) => treeEntries(rpt),
  peek: (rpt) => treeEntries(rpt, symbolOf(rpt)),
  list: (rpt) => listSource(rpt, symbolOf(rpt), rpt.options.sourcePath),
  dot: getDot,
};

/**
 * computeReport computes the data of a report drawn from the call graph,
 * with its file names trimmed of build-machine prefixes (-trim_path, or a
 * guess from -source_path) as pprof's newGraph trims them. The profile
 * itself is left as it is, so that several reports can be computed from it.
 */
export function computeReport<K extends keyof ReportData>(kind: K, rpt: Report): ReportData[K] {
  return COMPUTE[kind]({ ...rpt, trimSources: true });
}

/** generateReport prints a prepared report: text, or the bytes of -proto. */
export async function generateReport(name: ReportName, rpt: Report): Promise<string | Uint8Array> {
  switch (name) {
    case 'top':
    case 'text':
      return formatTop(computeReport('top', rpt));
    case 'traces':
      return formatTraces(rpt);
    case 'tags':
      return formatTags(rpt);
    case 'raw':
      return formatRaw(rpt.prof);
    case 'proto':
      return encodeProfile(toProfile(rpt.prof));
    case 'collapsed':
      return formatCollapsed(rpt);
    case 'dot':
      return composeDot(computeReport('dot', rpt));
    case 'svg':
      return renderSvg(composeDot(computeReport('dot', rpt)));
    case 'tree':
    case 'peek': {
      // Computed first: it sets the unit formatTree prints in.
      const tree = computeReport(name, rpt);
      return formatTree(rpt, tree);
    }
    case 'list':
      return formatList(rpt, computeReport('list', rpt));
  }
}

/** GraphSource is a prepared report, as the driver's prepareReport returns it. */
export interface GraphSource {
  rpt: Report;
}

/** dotReport computes the dot graph of a prepared report as data, for front ends that draw it or lay it out themselves. */
export function dotReport({ rpt }: GraphSource): DotReport {
  return computeReport('dot', rpt);
}

/** renderDot prints the dot graph of a prepared report, as -dot does. */
export function renderDot(source: GraphSource): string {
  return composeDot(dotReport(source));
}
