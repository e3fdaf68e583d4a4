// Edge order and edge pruning, as pprof's graph package has them: edges sort
// by weight, then caller name, then callee name, so that every report and the
// dot layout see them in the same order.

import type { Graph, GraphEdge } from './graph.js';

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** compareEdges orders edges by |weight| (heaviest first), then source name, then destination name. */
export function compareEdges(a: GraphEdge, b: GraphEdge): number {
  if (a.weight !== b.weight) return Math.abs(b.weight) - Math.abs(a.weight);
  return cmpStr(a.src.name, b.src.name) || cmpStr(a.dest.name, b.dest.name);
}

/** sortEdges returns the edges of a map in pprof's edge order. */
export function sortEdges(edges: Iterable<GraphEdge>): GraphEdge[] {
  return [...edges].sort(compareEdges);
}

/** edgeWeightValue is an edge's weight, divided for -mean. */
export function edgeWeightValue(e: GraphEdge): number {
  return e.weightDiv === 0 ? e.weight : Math.trunc(e.weight / e.weightDiv);
}

/** isRedundantEdge tells whether e.dest can be reached from e.src without e. */
function isRedundantEdge(e: GraphEdge): boolean {
  const src = e.src;
  const seen = new Set([e.dest]);
  const queue = [e.dest];
  for (let i = 0; i < queue.length; i++) {
    for (const ie of queue[i].in.values()) {
      if (ie === e || seen.has(ie.src)) continue;
      if (ie.src === src) return true;
      seen.add(ie.src);
      queue.push(ie.src);
    }
  }
  return false;
}

/**
 * removeRedundantEdges drops residual edges whose destination stays
 * reachable another way. Nodes are walked last to first and each node's
 * edges lightest first, so the lightest go; it stops at the first
 * non-residual edge so no edge heavier than a real call disappears.
 */
export function removeRedundantEdges(g: Graph): void {
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i];
    const ins = sortEdges(n.in.values());
    for (let j = ins.length - 1; j >= 0; j--) {
      const e = ins[j];
      if (!e.residual) break;
      if (isRedundantEdge(e)) {
        e.src.out.delete(e.dest);
        e.dest.in.delete(e.src);
      }
    }
  }
}
