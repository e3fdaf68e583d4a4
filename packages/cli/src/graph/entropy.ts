// The node order of visual reports (pprof's EntropyOrder): a node scores
// high when its edges spread weight in an interesting way, and low when it
// only passes its callers' time through to one callee. Dot output lists and
// selects nodes in this order.

import type { Graph, GraphEdge, GraphNode } from './graph.js';
import { goSprint } from './nodeinfo.js';

/** MAX_NODELETS is how many tag boxes dot draws per node. */
export const MAX_NODELETS = 4;

function edgeEntropyScore(edges: Map<string, GraphEdge>, self: number): number {
  let score = 0;
  let total = self;
  for (const e of edges.values()) if (e.weight > 0) total += Math.abs(e.weight);
  if (total !== 0) {
    for (const e of edges.values()) {
      const frac = Math.abs(e.weight) / total;
      score += -frac * Math.log2(frac);
    }
    if (self > 0) {
      const frac = Math.abs(self) / total;
      score += -frac * Math.log2(frac);
    }
  }
  return score;
}

const MIN_INT64 = -(2 ** 63);

/**
 * absScore is |entropy score| as pprof computes it in int64. A zero-weight
 * edge (from -mean) makes the score NaN, which amd64 converts to the
 * smallest int64, whose absolute value stays negative: such a node sorts
 * last unless its flat value moves it off that minimum.
 */
function absScore(score: number, flat: number): number {
  if (Number.isNaN(score) || Math.abs(score) >= 2 ** 63) {
    return flat === 0 ? MIN_INT64 : Math.abs(MIN_INT64 + flat);
  }
  return Math.abs(Math.trunc(score) + flat);
}

/** entropyScore is a node's |importance| for a visual graph. */
export function entropyScore(n: GraphNode): number {
  let score = 0;
  // Entry and leaf nodes are favoured.
  score += n.in.size === 0 ? 1 : edgeEntropyScore(n.in, 0);
  score += n.out.size === 0 ? 1 : edgeEntropyScore(n.out, n.flat);
  return absScore(score * n.cum, n.flat);
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** sortNodesByEntropy orders nodes by |entropy score|, then name, then |flat|, then identity. */
export function sortNodesByEntropy(g: Graph): void {
  const score = new Map<GraphNode, number>();
  for (const n of g.nodes) score.set(n, entropyScore(n));
  g.nodes.sort((l, r) => {
    const d = score.get(r)! - score.get(l)!;
    if (d !== 0) return d;
    const c = cmpStr(l.name, r.name);
    if (c !== 0) return c;
    const f = Math.abs(r.flat) - Math.abs(l.flat);
    if (f !== 0) return f;
    l.sortKey ??= goSprint(l.info);
    r.sortKey ??= goSprint(r.info);
    return cmpStr(l.sortKey, r.sortKey);
  });
}

/** countTags counts a node's tags with flat weight, which show as nodelets. */
export function countTags(n: GraphNode): number {
  if (!n.tags) return 0;
  let count = 0;
  for (const t of n.tags.label.values()) if (t.flat !== 0) count++;
  for (const m of n.tags.numeric.values()) for (const t of m.values()) if (t.flat !== 0) count++;
  return count;
}

/**
 * selectTopNodes returns the first maxNodes nodes of a sorted graph; in a
 * visual graph each node's nodelets (up to MAX_NODELETS) count against the
 * limit too.
 */
export function selectTopNodes(g: Graph, maxNodes: number, visual: boolean): GraphNode[] {
  if (maxNodes > 0 && visual) {
    let count = 0;
    for (let i = 0; i < g.nodes.length; i++) {
      count += Math.min(countTags(g.nodes[i]), MAX_NODELETS) + 1;
      if (count >= maxNodes) {
        maxNodes = i + 1;
        break;
      }
    }
  }
  return g.nodes.slice(0, Math.min(maxNodes, g.nodes.length));
}
