// The trimmed graph behind -top and friends (pprof's newTrimmedGraph): drop
// nodes under -nodefraction of the total, sort, keep the top -nodecount, and
// drop edges under -edgefraction. Dropped nodes are rebuilt out of the graph,
// so their time moves to the nearest kept caller's cum, not its flat.

import { buildGraph, sortNodes, trimLowFrequencyEdges, type Graph } from '../graph/graph.js';
import type { Report } from './report.js';

/** TrimmedGraph is a sorted graph with what trimming removed. */
export interface TrimmedGraph {
  graph: Graph;
  origCount: number;
  droppedNodes: number;
  droppedEdges: number;
}

/** prepareProfileForGraph does what pprof's report.newGraph does to the profile each time. */
function graphOf(rpt: Report, kept?: Set<string>): Graph {
  const o = rpt.options;
  return buildGraph(rpt.prof, { sampleIndex: o.sampleIndex, meanIndex: o.meanIndex, objNames: false, kept });
}

/** trimmedGraph builds, trims and sorts the graph a text report prints. */
export function trimmedGraph(rpt: Report): TrimmedGraph {
  const o = rpt.options;
  let g = graphOf(rpt);
  let totalValue = 0;
  for (const n of g.nodes) totalValue += n.flat;
  const nodeCutoff = Math.abs(Math.trunc(totalValue * o.nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(totalValue * o.edgeFraction));
  let droppedNodes = 0;
  if (nodeCutoff > 0) {
    const kept = new Set<string>();
    for (const n of g.nodes) if (Math.abs(n.cum) >= nodeCutoff) kept.add(n.key);
    if (kept.size !== g.nodes.length) {
      droppedNodes = g.nodes.length - kept.size;
      g = graphOf(rpt, kept);
    }
  }
  const origCount = g.nodes.length;
  sortNodes(g, o.cumSort);
  if (o.nodeCount > 0) {
    trimLowFrequencyEdges(g, edgeCutoff);
    const top = g.nodes.slice(0, o.nodeCount);
    if (top.length !== g.nodes.length) {
      g = graphOf(rpt, new Set(top.map((n) => n.key)));
      sortNodes(g, o.cumSort);
    }
  }
  const droppedEdges = trimLowFrequencyEdges(g, edgeCutoff);
  return { graph: g, origCount, droppedNodes, droppedEdges };
}
