// -dot: the call graph in graphviz's language, as pprof's ComposeDot writes
// it. Nodes are numbered in entropy order; a node's label has its short name
// and flat/cum values, its font grows with its flat share and its colour with
// its cum share. Tags hang off nodes as 3-D boxes ("nodelets"); edges are
// sorted by weight, dotted when they skip dropped nodes, and say "(inline)"
// for inlined calls.

import { posix } from 'node:path';
import { edgeWeightValue, sortEdges } from '../graph/edges.js';
import { MAX_NODELETS } from '../graph/entropy.js';
import { cumValue, flatValue, type Graph, type GraphEdge, type GraphNode } from '../graph/graph.js';
import { sortTags, tagCumValue, tagFlatValue, type Tag } from '../graph/tags.js';
import { label as unitLabel, percentage, scale } from '../measurement/units.js';
import { dotColor, escapeForDot, multilinePrintableName } from './dotstyle.js';
import { reportLabels } from './labels.js';
import { formatValue, withOutputUnit, type Report } from './report.js';
import { selectOutputUnit } from './top.js';
import { visualGraph } from './visualgraph.js';

/** DotConfig is what a dot graph needs besides its nodes: title, legend and value formatting. */
export interface DotConfig {
  title: string;
  labels: string[];
  formatValue: (v: number) => string;
  total: number;
}

/** DotReport is a trimmed, ordered graph with its dot configuration. */
export interface DotReport {
  graph: Graph;
  config: DotConfig;
  /** The unit values print in: -unit, or the one chosen for -unit=minimum. */
  outputUnit: string;
}

/**
 * getDot computes the graph and legend of the dot report (pprof's GetDOT).
 * GetDOT leaves the unit it chose for -unit=minimum on the report's options;
 * here it is returned with the graph instead.
 */
export function getDot(report: Report): DotReport {
  const { graph, origCount, droppedNodes, droppedEdges } = visualGraph(report);
  const outputUnit = selectOutputUnit(report, graph);
  const rpt = withOutputUnit(report, outputUnit);
  const labels = reportLabels(rpt, graph, origCount, droppedNodes, droppedEdges, true);
  labels.push('\nSee https://git.io/JfYMW for how to read the graph');
  const m = rpt.prof.mapping[0];
  const title = m && m.filename !== '' ? posix.basename(m.filename) : '';
  return { graph, config: { title, labels, formatValue: (v) => formatValue(rpt, v), total: rpt.total }, outputUnit };
}

/** formatDot prints the dot report. */
export function formatDot(rpt: Report): string {
  return composeDot(getDot(rpt));
}

function legend(c: DotConfig): string {
  if (c.labels.length === 0) return '';
  let s = `subgraph cluster_L { "${escapeForDot(c.labels[0])}" [shape=box fontsize=16`;
  s += ` label="${c.labels.map(escapeForDot).join('\\l')}\\l"`;
  if (c.title !== '') s += ` tooltip="${c.title}"`;
  return s + '] }\n';
}

function nodeLine(n: GraphNode, id: number, maxFlat: number, c: DotConfig): string {
  const flat = flatValue(n);
  const cum = cumValue(n);
  let label = multilinePrintableName(n.info);
  const flatText = c.formatValue(flat);
  label += flat !== 0 ? `${flatText} (${percentage(flat, c.total).trim()})` : '0';
  let cumText = flatText;
  if (cum !== flat) {
    label += flat !== 0 ? '\\n' : ' ';
    cumText = c.formatValue(cum);
    label += `of ${cumText} (${percentage(cum, c.total).trim()})`;
  }
  // Font sizes grow from 8 to 24 with the square root of the flat share.
  let fontSize = 8;
  if (maxFlat !== 0 && flat !== 0 && Math.abs(flat) <= maxFlat) {
    fontSize += Math.ceil(16.0 * Math.sqrt(Math.abs(flat) / maxFlat));
  }
  const share = cum / Math.abs(c.total);
  return `N${id} [label="${label}" id="node${id}" fontsize=${fontSize} shape=box tooltip="${escapeForDot(n.name)} (${cumText})" ` +
    `color="${dotColor(share, false)}" fillcolor="${dotColor(share, true)}"]\n`;
}

function tagDistance(t: Tag, u: Tag): number {
  const [v] = scale(u.value, u.unit, t.unit);
  return v < t.value ? t.value - v : v - t.value;
}

function tagGroupLabel(g: Tag[]): { name: string; flat: number; cum: number } {
  if (g.length === 1) {
    const t = g[0];
    return { name: unitLabel(t.value, t.unit), flat: tagFlatValue(t), cum: tagCumValue(t) };
  }
  let min = g[0];
  let max = g[0];
  let df = min.flatDiv;
  let f = min.flat;
  let dc = min.cumDiv;
  let cu = min.cum;
  for (const t of g.slice(1)) {
    if (Math.trunc(scale(t.value, t.unit, min.unit)[0]) < min.value) min = t;
    if (Math.trunc(scale(t.value, t.unit, max.unit)[0]) > max.value) max = t;
    f += t.flat;
    df += t.flatDiv;
    cu += t.cum;
    dc += t.cumDiv;
  }
  if (df !== 0) f = Math.trunc(f / df);
  if (dc !== 0) cu = Math.trunc(cu / dc);
  // Ranges keep each tag's own unit: scaled to the output unit, small tags would read "0..0".
  return { name: unitLabel(min.value, min.unit) + '..' + unitLabel(max.value, max.unit), flat: f, cum: cu };
}

/** collapsedTags sorts numeric tags and merges them into at most count ranges of nearby values. */
function collapsedTags(ts: Tag[], count: number, flatTags: boolean): Tag[] {
  ts = sortTags(ts, flatTags);
  if (ts.length <= count) return ts;
  const groups: Tag[][] = ts.slice(0, count).map((t) => [t]);
  for (const t of ts.slice(count)) {
    let g = 0;
    let d = tagDistance(t, groups[0][0]);
    for (let i = 1; i < count; i++) {
      const nd = tagDistance(t, groups[i][0]);
      if (nd < d) {
        g = i;
        d = nd;
      }
    }
    groups[g].push(t);
  }
  const merged = groups.map((g): Tag => {
    const { name, flat, cum } = tagGroupLabel(g);
    return { name, unit: '', value: 0, flat, flatDiv: 0, cum, cumDiv: 0 };
  });
  return sortTags(merged, flatTags);
}

function numericNodelets(nts: Tag[], flatTags: boolean, source: string, c: DotConfig): string {
  let s = '';
  collapsedTags(nts, MAX_NODELETS, flatTags).forEach((t, j) => {
    let w = tagCumValue(t);
    let attr = ' style="dotted"';
    if (flatTags || tagFlatValue(t) === tagCumValue(t)) {
      w = tagFlatValue(t);
      attr = '';
    }
    if (w === 0) return;
    const weight = c.formatValue(w);
    s += `N${source}_${j} [label = "${t.name}" id="N${source}_${j}" fontsize=8 shape=box3d tooltip="${weight}"]\n`;
    s += `${source} -> N${source}_${j} [label=" ${weight}" weight=100 tooltip="${weight}" labeltooltip="${weight}"${attr}]\n`;
  });
  return s;
}

function nodelets(n: GraphNode, id: number, c: DotConfig): string {
  if (!n.tags) return '';
  const ts = [...n.tags.label.values()];
  const lnts = new Map<string, Tag[]>();
  for (const [l, m] of n.tags.numeric) {
    for (const t of m.values()) {
      let list = lnts.get(l);
      if (!list) lnts.set(l, (list = []));
      list.push(t);
    }
  }
  // Leaves show cum tags, which include the weight of dropped callees;
  // inner nodes show only their own weight.
  const flatTags = n.out.size > 0;
  let s = '';
  sortTags(ts, flatTags).slice(0, MAX_NODELETS).forEach((t, i) => {
    const w = flatTags ? tagFlatValue(t) : tagCumValue(t);
    if (w === 0) return;
    const weight = c.formatValue(w);
    s += `N${id}_${i} [label = "${t.name}" id="N${id}_${i}" fontsize=8 shape=box3d tooltip="${weight}"]\n`;
    s += `N${id} -> N${id}_${i} [label=" ${weight}" weight=100 tooltip="${weight}" labeltooltip="${weight}"]\n`;
    const nts = lnts.get(t.name);
    if (nts) s += numericNodelets(nts, flatTags, `N${id}_${i}`, c);
  });
  const own = lnts.get('');
  if (own) s += numericNodelets(own, flatTags, `N${id}`, c);
  return s;
}

function edgeLine(e: GraphEdge, from: number, to: number, hasNodelets: boolean, c: DotConfig): string {
  const wv = edgeWeightValue(e);
  const w = c.formatValue(wv);
  let attr = `label=" ${w}${e.inline ? '\\n (inline)' : ''}"`;
  if (c.total !== 0) {
    const weight = 1 + Math.min(Math.abs(Math.trunc((wv * 100) / c.total)), 100);
    if (weight > 1) attr += ` weight=${weight}`;
    const width = 1 + Math.min(Math.abs(Math.trunc((wv * 5) / c.total)), 5);
    if (width > 1) attr += ` penwidth=${width}`;
    attr += ` color="${dotColor(wv / Math.abs(c.total), false)}"`;
  }
  const arrow = e.residual ? '...' : '->';
  const tooltip = `"${escapeForDot(e.src.name)} ${arrow} ${escapeForDot(e.dest.name)} (${w})"`;
  attr += ` tooltip=${tooltip} labeltooltip=${tooltip}`;
  if (e.residual) attr += ' style="dotted"';
  // Children sit further away when the source has tags between them.
  if (hasNodelets) attr += ' minlen=2';
  return `N${from} -> N${to} [${attr}]\n`;
}

/** composeDot writes a graph in dot (pprof's ComposeDot). */
export function composeDot({ graph: g, config: c }: DotReport): string {
  let s = `digraph "${c.title !== '' ? c.title : 'unnamed'}" {\n`;
  s += 'node [style=filled fillcolor="#f8f8f8"]\n';
  s += legend(c);
  if (g.nodes.length > 0) {
    const ids = new Map<GraphNode, number>();
    const hasNodelets = new Set<GraphNode>();
    let maxFlat = Math.abs(flatValue(g.nodes[0]));
    g.nodes.forEach((n, i) => {
      ids.set(n, i + 1);
      maxFlat = Math.max(maxFlat, Math.abs(flatValue(n)));
    });
    const edges: GraphEdge[] = [];
    for (const n of g.nodes) {
      const id = ids.get(n)!;
      s += nodeLine(n, id, maxFlat, c);
      const nl = nodelets(n, id, c);
      if (nl !== '') hasNodelets.add(n);
      s += nl;
      for (const e of n.out.values()) edges.push(e);
    }
    // Heaviest edges first: a hint to the layout engine.
    // An edge to a node outside the graph (see graphOf) gets pprof's id 0.
    for (const e of sortEdges(edges)) s += edgeLine(e, ids.get(e.src) ?? 0, ids.get(e.dest) ?? 0, hasNodelets.has(e.src), c);
  }
  return s + '}\n';
}
