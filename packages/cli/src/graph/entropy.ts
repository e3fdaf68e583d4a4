// The node order of visual reports (pprof's EntropyOrder): a node scores
// high when its edges spread weight in an interesting way, and low when it
// only passes its callers' time through to one callee. Dot output lists and
// selects nodes in this order.

import type { FrameIndex } from './frameindex.js';
import { isShown, newNode, type Graph, type GraphEdge, type GraphNode, type GraphTally } from './graph.js';
import { goSprint } from './nodeinfo.js';

/** MAX_NODELETS is how many tag boxes dot draws per node. */
export const MAX_NODELETS = 4;

// edgeEntropyScore scores the edge weights w[from .. to) of a node with self
// as its own value; the weights are in the order of the node's edge map.
function edgeEntropyScore(w: ArrayLike<number>, from: number, to: number, self: number): number {
  if (from === to) return 1;
  let score = 0;
  let total = self;
  for (let i = from; i < to; i++) if (w[i] > 0) total += Math.abs(w[i]);
  if (total !== 0) {
    for (let i = from; i < to; i++) {
      const frac = Math.abs(w[i]) / total;
      score += -frac * Math.log2(frac);
    }
    if (self > 0) {
      const frac = Math.abs(self) / total;
      score += -frac * Math.log2(frac);
    }
  }
  return score;
}

function weights(edges: Map<GraphNode, GraphEdge>): number[] {
  return Array.from(edges.values(), (e) => e.weight);
}

const MIN_INT64 = -(2n ** 63n);

// importance is a node's score from the scores of its edges, as pprof
// computes it in int64 (see entropyScore).
function importance(edgeScore: number, flat: number, cum: number): bigint {
  const x = edgeScore * cum;
  let v = Number.isNaN(x) || x >= 2 ** 63 || x < -(2 ** 63) ? MIN_INT64 : BigInt(Math.trunc(x));
  v = BigInt.asIntN(64, v + BigInt(flat));
  return v < 0n ? BigInt.asIntN(64, -v) : v;
}

/**
 * entropyScore is |importance| of a node for a visual graph, computed as
 * pprof computes it in int64, wrap-arounds included: a zero-weight edge
 * (-mean) or a negative total (diffs) makes the float score NaN, which amd64
 * converts to the smallest int64; adding a negative flat value then wraps
 * to a huge positive score, and the absolute value of the smallest int64
 * stays negative. Diff graphs are ordered by exactly that. Entry and leaf
 * nodes (no edge in or out) are favoured.
 */
export function entropyScore(n: GraphNode): bigint {
  const ins = weights(n.in);
  const outs = weights(n.out);
  let score = 0;
  score += edgeEntropyScore(ins, 0, ins.length, 0);
  score += edgeEntropyScore(outs, 0, outs.length, n.flat);
  return importance(score, n.flat, n.cum);
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// sortByScore orders nodes by |entropy score|, then name, then |flat|, then identity.
function sortByScore(nodes: GraphNode[], score: Map<GraphNode, bigint>): void {
  nodes.sort((l, r) => {
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

/** sortNodesByEntropy orders nodes by |entropy score|, then name, then |flat|, then identity. */
export function sortNodesByEntropy(g: Graph): void {
  const score = new Map<GraphNode, bigint>();
  for (const n of g.nodes) score.set(n, entropyScore(n));
  sortByScore(g.nodes, score);
}

/**
 * entropyOrder is the graph of a tally (graphOfTally) sorted by
 * sortNodesByEntropy, but with nodes only: each node's score is read from
 * the tally's edges, taken in the order its edge maps would hold them, and
 * no edge is made. The dot report orders the nodes of its first graph this
 * way: on a big profile that graph has a hundred times more edges than
 * nodes, and it only chooses the nodes of the next.
 */
export function entropyOrder(fi: FrameIndex, t: GraphTally, o: { dropNegative?: boolean }): Graph {
  const nn = fi.infos.length;
  const { count, src, dest, weight } = t.edges;
  // Each node's incoming and outgoing edge weights, grouped by node and in
  // edge order within a node, as a counting sort lays them out.
  const inStart = new Int32Array(nn + 1);
  const outStart = new Int32Array(nn + 1);
  for (let e = 0; e < count; e++) {
    inStart[dest[e] + 1]++;
    outStart[src[e] + 1]++;
  }
  for (let n = 0; n < nn; n++) {
    inStart[n + 1] += inStart[n];
    outStart[n + 1] += outStart[n];
  }
  const inW = new Float64Array(count);
  const outW = new Float64Array(count);
  const inAt = inStart.slice(0, nn);
  const outAt = outStart.slice(0, nn);
  for (let e = 0; e < count; e++) {
    inW[inAt[dest[e]]++] = weight[e];
    outW[outAt[src[e]]++] = weight[e];
  }
  const nodes: GraphNode[] = [];
  const score = new Map<GraphNode, bigint>();
  for (let n = 0; n < nn; n++) {
    if (!isShown(t, n, o.dropNegative)) continue;
    const node = newNode(fi, n, t.flat[n], t.flatDiv[n], t.cum[n], t.cumDiv[n]);
    let s = 0;
    s += edgeEntropyScore(inW, inStart[n], inStart[n + 1], 0);
    s += edgeEntropyScore(outW, outStart[n], outStart[n + 1], node.flat);
    score.set(node, importance(s, node.flat, node.cum));
    nodes.push(node);
  }
  sortByScore(nodes, score);
  return { nodes };
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
