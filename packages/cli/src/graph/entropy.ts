// The node order of visual reports (pprof's EntropyOrder): a node scores
// high when its edges spread weight in an interesting way, and low when it
// only passes its callers' time through to one callee. Dot output lists and
// selects nodes in this order.

import type { Graph, GraphEdge, GraphNode } from './graph.js';
import { goSprint } from './nodeinfo.js';

/** MAX_NODELETS is how many tag boxes dot draws per node. */
export const MAX_NODELETS = 4;

function edgeEntropyScore(edges: Map<GraphNode, GraphEdge>, self: number): number {
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

const MIN_INT64 = -(2n ** 63n);

/**
 * entropyScore is |importance| of a node for a visual graph, computed as
 * pprof computes it in int64, wrap-arounds included: a zero-weight edge
 * (-mean) or a negative total (diffs) makes the float score NaN, which amd64
 * converts to the smallest int64; adding a negative flat value then wraps
 * to a huge positive score, and the absolute value of the smallest int64
 * stays negative. Diff graphs are ordered by exactly that.
 */
export function entropyScore(n: GraphNode): bigint {
  let score = 0;
  // Entry and leaf nodes are favoured.
  score += n.in.size === 0 ? 1 : edgeEntropyScore(n.in, 0);
  score += n.out.size === 0 ? 1 : edgeEntropyScore(n.out, n.flat);
  const x = score * n.cum;
  let v = Number.isNaN(x) || x >= 2 ** 63 || x < -(2 ** 63) ? MIN_INT64 : BigInt(Math.trunc(x));
  v = BigInt.asIntN(64, v + BigInt(n.flat));
  return v < 0n ? BigInt.asIntN(64, -v) : v;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** sortNodesByEntropy orders nodes by |entropy score|, then name, then |flat|, then identity. */
export function sortNodesByEntropy(g: Graph): void {
  const score = new Map<GraphNode, bigint>();
  for (const n of g.nodes) score.set(n, entropyScore(n));
  g.nodes.sort((l, r) => {
    const sl = score.get(l)!;
    const sr = score.get(r)!;
    if (sl !== sr) return sr > sl ? 1 : -1;
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
