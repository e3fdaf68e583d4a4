// -tree and -peek: each node of the trimmed graph between its callers and
// callees, with the share of the node's cum each edge carries (pprof's
// printTree). -peek is the same report restricted to nodes whose name matches
// a regexp, on an untrimmed graph.

import { sortEdges } from '../graph/edges.js';
import { cumValue, flatValue, type GraphEdge } from '../graph/graph.js';
import { padLeft } from '../measurement/gofmt.js';
import { percentage } from '../measurement/units.js';
import { AnalyzerError } from '../errors.js';
import { reportLabels } from './labels.js';
import { formatValue, withOutputUnit, type Report } from './report.js';
import { selectOutputUnit } from './top.js';
import { trimmedGraph } from './trim.js';

const SEPARATOR = '----------------------------------------------------------+-------------';
const LEGEND = '      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t ';

/** TreeEdge is one caller or callee line of a tree entry. */
export interface TreeEdge {
  name: string;
  inline: boolean;
  weight: number;
}

/** TreeEntry is a node with its callers and callees, heaviest first. */
export interface TreeEntry {
  name: string;
  flat: number;
  cum: number;
  callers: TreeEdge[];
  callees: TreeEdge[];
}

/** TreeReport is the -tree/-peek report as data. */
export interface TreeReport {
  labels: string[];
  entries: TreeEntry[];
  /** The graph had nodes (the closing separator is printed only then). */
  nonEmpty: boolean;
  /** The unit values print in: -unit, or the one chosen for -unit=minimum. */
  outputUnit: string;
}

function edges(es: GraphEdge[], callers: boolean): TreeEdge[] {
  return es.map((e) => ({ name: callers ? e.src.name : e.dest.name, inline: e.inline, weight: e.weight }));
}

/**
 * treeEntries computes the -tree report; with symbol, only matching nodes
 * (-peek). pprof's printTree leaves the unit it chose for -unit=minimum on
 * the report's options; here it is returned with the data instead.
 */
export function treeEntries(report: Report, symbol?: RegExp): TreeReport {
  const { graph: g, origCount, droppedNodes } = trimmedGraph(report, { edgesOf: symbol });
  const outputUnit = selectOutputUnit(report, g);
  const rpt = withOutputUnit(report, outputUnit);
  const labels = reportLabels(rpt, g, origCount, droppedNodes, 0);
  const entries: TreeEntry[] = [];
  for (const n of g.nodes) {
    if (symbol && !symbol.test(n.name)) continue;
    entries.push({
      name: n.name,
      flat: flatValue(n),
      cum: cumValue(n),
      callers: edges(sortEdges(n.in.values()), true),
      callees: edges(sortEdges(n.out.values()), false),
    });
  }
  if (symbol && entries.length === 0) {
    throw new AnalyzerError(`no matches found for regexp: ${symbol.source}`);
  }
  return { labels, entries, nonEmpty: g.nodes.length > 0, outputUnit };
}

/** formatTree prints the -tree/-peek report. */
export function formatTree(report: Report, tree: TreeReport): string {
  const rpt = withOutputUnit(report, tree.outputUnit);
  let s = tree.labels.join('\n') + '\n' + SEPARATOR + '\n' + LEGEND + '\n';
  // A broad -peek prints hundreds of thousands of lines over far fewer
  // distinct values, and Go's float formatting is slow to imitate.
  const formatted = new Map<number, string>();
  const fmt = (v: number): string => {
    let s = formatted.get(v);
    if (s === undefined) formatted.set(v, (s = formatValue(rpt, v)));
    return s;
  };
  const edgeLine = (e: TreeEdge, cum: number) =>
    `${padLeft(fmt(e.weight), 50)} ${percentage(e.weight, cum)} |   ${e.name}${e.inline ? ' (inline)' : ''}\n`;
  let flatSum = 0;
  for (const n of tree.entries) {
    s += SEPARATOR + '\n';
    for (const e of n.callers) s += edgeLine(e, n.cum);
    flatSum += n.flat;
    s += `${padLeft(fmt(n.flat), 10)} ${percentage(n.flat, rpt.total)} ${percentage(flatSum, rpt.total)} ` +
      `${padLeft(fmt(n.cum), 10)} ${percentage(n.cum, rpt.total)}                | ${n.name}\n`;
    for (const e of n.callees) s += edgeLine(e, n.cum);
  }
  if (tree.nonEmpty) s += SEPARATOR + '\n';
  return s;
}
