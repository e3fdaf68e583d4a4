// The trimmed graph behind -top and friends (pprof's newTrimmedGraph): drop
// nodes under -nodefraction of the total, sort, keep the top -nodecount, and
// drop edges under -edgefraction. Dropped nodes are rebuilt out of the graph,
// so their time moves to the nearest kept caller's cum, not its flat.

import { graphOf, isNegative, newNode, sortNodes, trimLowFrequencyEdges, type Graph, type GraphNode } from '../graph/graph.js';
import { printableName } from '../graph/nodeinfo.js';
import { reportFrames, reportValues } from './frames.js';
import type { Report } from './report.js';

/** TrimmedGraph is a sorted graph with what trimming removed. */
export interface TrimmedGraph {
  graph: Graph;
  origCount: number;
  droppedNodes: number;
  droppedEdges: number;
}

/** TrimOptions are trimmedGraph's. */
export interface TrimOptions {
  /** Only nodes whose name matches get their edges (-peek shows no others). */
  edgesOf?: RegExp;
}

/**
 * trimmedGraph builds, trims and sorts the graph a text report prints.
 *
 * pprof builds the graph up to three times (all nodes, the nodes above
 * -nodefraction, the top -nodecount), each a walk over every frame. A node's
 * flat and cum do not change when other nodes are dropped, so one walk
 * without edges gives every value the selection needs, and only the final
 * graph, whose edges do change, is walked again; with nothing to select,
 * that graph is the only walk.
 */
export function trimmedGraph(rpt: Report, options: TrimOptions = {}): TrimmedGraph {
  const o = rpt.options;
  const p = rpt.prof;
  const fi = reportFrames(rpt, false);
  const value = { sampleIndex: o.sampleIndex, meanIndex: o.meanIndex };
  const re = options.edgesOf;
  const edgesOf = re ? Uint8Array.from(fi.infos, (info) => (re.test(printableName(info)) ? 1 : 0)) : undefined;
  const dropNegative = o.dropNegative === true;
  if (o.nodeFraction === 0 && o.nodeCount <= 0) {
    // Nothing to select (-peek, or trimming off): one graph has every value.
    const g = graphOf(p, fi, { ...value, dropNegative, edgesOf });
    let totalValue = 0;
    for (const n of g.nodes) totalValue += n.flat;
    sortNodes(g, o.cumSort);
    const droppedEdges = trimLowFrequencyEdges(g, Math.abs(Math.trunc(totalValue * o.edgeFraction)));
    return { graph: g, origCount: g.nodes.length, droppedNodes: 0, droppedEdges };
  }
  const v = reportValues(rpt, fi);
  const nn = fi.infos.length;
  const kept = new Uint8Array(nn);
  let totalValue = 0;
  let present = 0;
  for (let n = 0; n < nn; n++) {
    if (v.cum[n] === 0 && v.flat[n] === 0) continue;
    if (dropNegative && isNegative(v.flat[n], v.cum[n])) continue;
    kept[n] = 1;
    present++;
    totalValue += v.flat[n];
  }
  const nodeCutoff = Math.abs(Math.trunc(totalValue * o.nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(totalValue * o.edgeFraction));
  let droppedNodes = 0;
  let origCount = present;
  let rebuilt = false;
  if (nodeCutoff > 0) {
    for (let n = 0; n < nn; n++) {
      if (kept[n] === 1 && Math.abs(v.cum[n]) < nodeCutoff) {
        kept[n] = 0;
        droppedNodes++;
      }
    }
    origCount -= droppedNodes;
    rebuilt = droppedNodes > 0;
  }
  if (o.nodeCount > 0 && origCount > o.nodeCount) {
    // The nodes the sorted graph would list, without their edges.
    const cands: GraphNode[] = [];
    for (let n = 0; n < nn; n++) {
      if (kept[n] === 1) cands.push(newNode(fi, n, v.flat[n], v.flatDiv[n], v.cum[n], v.cumDiv[n]));
    }
    const g: Graph = { nodes: cands };
    sortNodes(g, o.cumSort);
    kept.fill(0);
    for (const n of g.nodes.slice(0, o.nodeCount)) kept[n.id] = 1;
    rebuilt = true;
  }
  // Without a rebuild pprof's graph is the full one: nodes with no value
  // still join their callers and callees there.
  const g = graphOf(p, fi, { ...value, kept: rebuilt ? kept : undefined, dropNegative, edgesOf, values: v });
  sortNodes(g, o.cumSort);
  const droppedEdges = trimLowFrequencyEdges(g, edgeCutoff);
  return { graph: g, origCount, droppedNodes, droppedEdges };
}
