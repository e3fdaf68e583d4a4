// The trimmed graph of the dot report (pprof's newTrimmedGraph in visual
// mode). Unlike -top, node selection here depends on edges and tags (the
// entropy order, nodelets counting as nodes), so the graph is built with its
// edges twice: on the nodes above -nodefraction, then on the top -nodecount.
// Light tags and edges go, then redundant residual edges.

import { graphOf, graphOfTally, isNegative, tallyGraph, trimLowFrequencyEdges, type Graph, type GraphNode } from '../graph/graph.js';
import { callTree, trimTree } from '../graph/calltree.js';
import { removeRedundantEdges } from '../graph/edges.js';
import { entropyOrder, selectTopNodes, sortNodesByEntropy } from '../graph/entropy.js';
import { newNodeTags, trimLowFrequencyTags, type TagOptions } from '../graph/tags.js';
import { tagsOf } from '../graph/tagwalk.js';
import { scaledLabel } from '../measurement/units.js';
import { reportFrames, reportValues } from './frames.js';
import type { Report } from './report.js';
import type { TrimmedGraph } from './trim.js';

function trimTags(g: Graph, cutoff: number): void {
  for (const n of g.nodes) if (n.tags) trimLowFrequencyTags(n.tags, cutoff);
}

/** visualGraph builds the graph a dot report draws, with tags, trimmed and in entropy order. */
export function visualGraph(rpt: Report): TrimmedGraph {
  const o = rpt.options;
  const p = rpt.prof;
  const fi = reportFrames(rpt, false);
  const tagOptions: TagOptions = {
    bytesUnit: o.numLabelUnits.get('bytes') ?? '',
    format: (v, unit) => scaledLabel(v, unit, o.outputUnit),
  };
  const dropNegative = o.dropNegative === true;
  const value = { sampleIndex: o.sampleIndex, meanIndex: o.meanIndex };
  if (o.callTree) return visualCallTree(rpt, callTree(p, fi, { ...value, tags: tagOptions, dropNegative }));
  const shown = (v: { flat: Float64Array; cum: Float64Array }, n: number): boolean =>
    (v.cum[n] !== 0 || v.flat[n] !== 0) && !(dropNegative && isNegative(v.flat[n], v.cum[n]));
  const keep = (nodes: Graph['nodes']): Uint8Array => {
    const kept = new Uint8Array(fi.infos.length);
    for (const n of nodes) kept[n.id] = 1;
    return kept;
  };

  // pprof builds the whole graph first only to find the nodes under
  // -nodefraction; node values do not depend on which nodes are kept, so a
  // walk without edges or tags finds them, and one graph build is saved
  // whenever some node is dropped (nearly always).
  const v = reportValues(rpt, fi);
  let totalValue = 0;
  let present = 0;
  for (let n = 0; n < v.flat.length; n++) {
    if (!shown(v, n)) continue;
    present++;
    totalValue += v.flat[n];
  }
  const nodeCutoff = Math.abs(Math.trunc(totalValue * o.nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(totalValue * o.edgeFraction));

  let droppedNodes = 0;
  let kept: Uint8Array | undefined;
  if (nodeCutoff > 0) {
    kept = new Uint8Array(v.flat.length);
    let above = 0;
    for (let n = 0; n < v.flat.length; n++) {
      if (shown(v, n) && Math.abs(v.cum[n]) >= nodeCutoff) {
        kept[n] = 1;
        above++;
      }
    }
    droppedNodes = present - above;
    if (droppedNodes === 0) kept = undefined;
  }
  if (o.nodeCount <= 0) {
    const g = graphOf(p, fi, { ...value, kept, tags: tagOptions, dropNegative, values: v });
    sortNodesByEntropy(g);
    return finish(g, g.nodes.length, nodeCutoff, edgeCutoff, droppedNodes);
  }

  // The first graph only orders nodes (by their edges) and counts the
  // nodelets of the first -nodecount of them, so it is built without tags,
  // and only those nodes get theirs (see tagwalk.ts). Its nodes are ordered
  // from the walk's tally without making its edges, which outnumber them a
  // hundred to one on a big profile.
  const tally = tallyGraph(p, fi, { ...value, kept, dropNegative, values: v });
  let g = entropyOrder(fi, tally, { dropNegative });
  const origCount = g.nodes.length;
  const candidates = g.nodes.slice(0, o.nodeCount);
  const tags = tagsOf(p, fi, { ...value, nodes: candidates.map((n) => n.id), tags: tagOptions, min: nodeCutoff });
  const withTags = (nodes: GraphNode[]): void => {
    for (const n of nodes) n.tags = tags.get(n.id) ?? newNodeTags();
  };
  withTags(candidates);
  // Light tags would otherwise sway the selection.
  trimTags({ nodes: candidates }, nodeCutoff);
  // selectTopNodes never looks past the candidates: each node counts at least one.
  const top = selectTopNodes(g, o.nodeCount, true);
  if (top.length !== g.nodes.length) {
    g = graphOf(p, fi, { ...value, kept: keep(top), dropNegative, values: v });
    withTags(g.nodes);
    sortNodesByEntropy(g);
  } else {
    // The first graph is the last: its nodes, tags and all, get their edges.
    g = graphOfTally(fi, tally, { dropNegative }, g.nodes);
    sortNodesByEntropy(g);
    // pprof trims light edges before the selection too; with no rebuild
    // after it, those edges do not count as dropped below.
    trimLowFrequencyEdges(g, edgeCutoff);
  }
  return finish(g, origCount, nodeCutoff, edgeCutoff, droppedNodes);
}

function finish(g: Graph, origCount: number, nodeCutoff: number, edgeCutoff: number, droppedNodes: number): TrimmedGraph {
  trimTags(g, nodeCutoff);
  const droppedEdges = trimLowFrequencyEdges(g, edgeCutoff);
  removeRedundantEdges(g);
  return { graph: g, origCount, droppedNodes, droppedEdges };
}

/**
 * visualCallTree trims a -call_tree graph the way visualGraph trims a graph,
 * except that nodes are dropped from the tree in place (trimTree) rather
 * than by rebuilding: tree nodes are told apart by their call path, which a
 * rebuild from a set of frames would lose.
 */
function visualCallTree(rpt: Report, g: Graph): TrimmedGraph {
  const o = rpt.options;
  let totalValue = 0;
  for (const n of g.nodes) totalValue += n.flat;
  const nodeCutoff = Math.abs(Math.trunc(totalValue * o.nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(totalValue * o.edgeFraction));
  let droppedNodes = 0;
  if (nodeCutoff > 0) {
    const kept = new Set(g.nodes.filter((n) => Math.abs(n.cum) >= nodeCutoff));
    if (kept.size !== g.nodes.length) {
      droppedNodes = g.nodes.length - kept.size;
      trimTree(g, kept);
    }
  }
  const origCount = g.nodes.length;
  sortNodesByEntropy(g);
  if (o.nodeCount > 0) {
    trimTags(g, nodeCutoff);
    trimLowFrequencyEdges(g, edgeCutoff);
    const top = selectTopNodes(g, o.nodeCount, true);
    if (top.length !== g.nodes.length) {
      trimTree(g, new Set(top));
      sortNodesByEntropy(g);
    }
  }
  trimTags(g, nodeCutoff);
  const droppedEdges = trimLowFrequencyEdges(g, edgeCutoff);
  removeRedundantEdges(g);
  return { graph: g, origCount, droppedNodes, droppedEdges };
}
