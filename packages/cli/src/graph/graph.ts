// buildGraph turns samples into nodes (one per distinct frame) with flat and
// cumulative values and caller->callee edges, as pprof's graph.New does.
// It is the analyzer's hot path: frames are resolved once per location into
// dense node indexes (frameindex.ts), samples are walked once (walk.ts), and
// per-sample bookkeeping uses typed arrays stamped with the sample number
// instead of clearing sets.

import type { WProfile } from '@fluoro/profile';
import { frameIndex, type FrameIndex } from './frameindex.js';
import { goSprint, printableName, type NodeInfo } from './nodeinfo.js';
import { EDGE_INLINE, EDGE_RESIDUAL, EdgeTable, type EdgeList } from './edgetable.js';
import { newNodeTags, TagCollector, type NodeTags, type TagOptions } from './tags.js';
import { SampleWalk, type WalkOptions } from './walk.js';

/** GraphNode is one node with its values and incoming edges. */
export interface GraphNode {
  /** The node's number in the FrameIndex it was built from. */
  id: number;
  info: NodeInfo;
  key: string;
  name: string;
  flat: number;
  flatDiv: number;
  cum: number;
  cumDiv: number;
  /** Incoming edges, by source node (nodes of a call tree can share a key). */
  in: Map<GraphNode, GraphEdge>;
  /** Outgoing edges, by destination node. */
  out: Map<GraphNode, GraphEdge>;
  /** Label tags, when the graph was built with TagOptions. */
  tags?: NodeTags;
  sortKey?: string;
}

/** GraphEdge is a caller->callee edge. */
export interface GraphEdge {
  src: GraphNode;
  dest: GraphNode;
  weight: number;
  weightDiv: number;
  inline: boolean;
  /** The edge goes over nodes that were dropped from the graph. */
  residual: boolean;
}

/** Graph is a list of nodes; order is meaningful once sorted. */
export interface Graph {
  nodes: GraphNode[];
}

/** GraphOptions selects the sample value and what identifies a node. */
export interface GraphOptions {
  sampleIndex: number;
  /** Index of the value to divide by for -mean, or -1. */
  meanIndex: number;
  /** Keep object file names on every node (pprof does this for -raw/-list). */
  objNames: boolean;
  /** Leave out nodes with a negative value (-drop_negative). */
  dropNegative?: boolean;
}

/** GraphOfOptions are graphOf's: the walk's value and kept nodes, tags and -drop_negative. */
export interface GraphOfOptions extends WalkOptions {
  /** Nodes also collect the samples' label tags (for dot's nodelets). */
  tags?: TagOptions;
  /** Leave out nodes with a negative value (-drop_negative). */
  dropNegative?: boolean;
  /** Only edges to or from nodes marked 1 are made (all when undefined): a report that shows a few nodes' edges saves the rest. */
  edgesOf?: Uint8Array;
  /**
   * The values of every node for the walk's sample value (nodeValues), when
   * the report has them: the walk then adds up edges and tags only. A kept
   * node's value does not depend on which other nodes are kept, so these
   * are the graph's.
   */
  values?: NodeValues;
}

/** NodeValues are the flat and cumulative values of every node of a FrameIndex. */
export interface NodeValues {
  flat: Float64Array;
  flatDiv: Float64Array;
  cum: Float64Array;
  cumDiv: Float64Array;
}

/** ValueOptions choose the sample value a graph adds up. */
export interface ValueOptions {
  sampleIndex: number;
  /** Index of the value to divide by for -mean, or -1. */
  meanIndex: number;
}

/**
 * nodeValues computes every node's flat and cum, graph.New's values when no
 * node is dropped: a node's cum counts each sample once however often the
 * node is on its stack, and flat goes to the innermost frame. With every
 * node kept nothing is skipped and the order of a stack's frames does not
 * matter, so it reads each stack as stored, leaf first, rather than through
 * a SampleWalk, which takes a third longer on a big profile; a test holds it
 * to graphOf's values.
 */
export function nodeValues(p: WProfile, fi: FrameIndex, o: ValueOptions): NodeValues {
  const nn = fi.infos.length;
  const flat = new Float64Array(nn);
  const flatDiv = new Float64Array(nn);
  const cumDiv = new Float64Array(nn);
  // Node n's last sample and cum side by side at 2n, 2n + 1: checking and
  // adding then touch one cache line, and these were most of the walk.
  const seenCum = new Float64Array(2 * nn);
  const { single, locStart, frames: lines } = fi;
  const { count, width, values, start, end, frames } = p.samples;
  const { sampleIndex, meanIndex } = o;
  for (let s = 0; s < count; s++) {
    const w = values[s * width + sampleIndex];
    const dw = meanIndex >= 0 ? values[s * width + meanIndex] : 0;
    if (w === 0 && dw === 0) continue;
    const stamp = s + 1;
    const from = start[s];
    const to = end[s];
    for (let k = from; k < to; k++) {
      const li = frames[k];
      const one = single[li];
      if (one >= 0) {
        const r = 2 * one;
        if (seenCum[r] !== stamp) {
          seenCum[r] = stamp;
          seenCum[r + 1] += w;
          // Without -mean there is nothing to add, and the cache misses of
          // adding it were a tenth of the walk.
          if (dw !== 0) cumDiv[one] += dw;
        }
        continue;
      }
      for (let j = locStart[li]; j < locStart[li + 1]; j++) {
        const n = lines[j];
        const r = 2 * n;
        if (seenCum[r] === stamp) continue;
        seenCum[r] = stamp;
        seenCum[r + 1] += w;
        if (dw !== 0) cumDiv[n] += dw;
      }
    }
    if (to > from) {
      // The innermost line of the innermost location.
      const li = frames[from];
      const leaf = single[li] >= 0 ? single[li] : lines[locStart[li]];
      flat[leaf] += w;
      flatDiv[leaf] += dw;
    }
  }
  const cum = new Float64Array(nn);
  for (let n = 0; n < nn; n++) cum[n] = seenCum[2 * n + 1];
  return { flat, flatDiv, cum, cumDiv };
}

/** buildGraph computes the nodes and edges of a profile (pprof's graph.New). */
export function buildGraph(p: WProfile, o: GraphOptions): Graph {
  return graphOf(p, frameIndex(p, { objNames: o.objNames }), o);
}

/** newNode makes node n of a FrameIndex with the given values and no edges. */
export function newNode(fi: FrameIndex, n: number, flat: number, flatDiv: number, cum: number, cumDiv: number): GraphNode {
  const info = fi.infos[n];
  return { id: n, info, key: fi.keys[n], name: printableName(info), flat, flatDiv, cum, cumDiv, in: new Map(), out: new Map() };
}

/**
 * GraphTally is what a graph walk adds up, before nodes and edges are made
 * of it: the values of every node of the FrameIndex, and per edge its
 * caller and callee, weights and flags. Reports that only order nodes by
 * their edges read the tally and make no edge objects (entropy.ts).
 */
export interface GraphTally {
  flat: Float64Array;
  flatDiv: Float64Array;
  cum: Float64Array;
  cumDiv: Float64Array;
  /** The edges, in the order the walk met them. */
  edges: EdgeList;
  /** Label tags by node, when the walk was given TagOptions. */
  nodeTags?: Map<number, NodeTags>;
  /** The nodes the walk kept (all when undefined): the values of others, given to it, are not the graph's. */
  kept?: Uint8Array;
}

/**
 * tallyGraph is the walk of graph.New on a FrameIndex, keeping only the
 * nodes marked in o.kept (all when undefined): it adds up node values and
 * caller->callee edges. Frames of dropped nodes are skipped, so an edge
 * joins the nearest kept caller and callee (a residual edge), and a sample
 * whose leaf is dropped adds no flat value. With o.tags, nodes also collect
 * the samples' label tags.
 */
export function tallyGraph(p: WProfile, fi: FrameIndex, o: GraphOfOptions): GraphTally {
  const nn = fi.infos.length;
  const given = o.values;
  const flat = given ? given.flat : new Float64Array(nn);
  const flatDiv = given ? given.flatDiv : new Float64Array(nn);
  const cum = given ? given.cum : new Float64Array(nn);
  const cumDiv = given ? given.cumDiv : new Float64Array(nn);
  // Values and tags count a node once per sample.
  const perNode = !given || o.tags !== undefined;
  const seenNode = new Int32Array(perNode ? nn : 0);
  const edges = new EdgeTable(nn);
  const tc = o.tags ? new TagCollector(o.tags) : undefined;
  const edgesOf = o.edgesOf;

  let stamp = 0;
  const walk = new SampleWalk(p, fi, { ...o, edges: true });
  while (walk.next()) {
    const first = walk.frames();
    const { w, dw, node, inline, residual, end } = walk;
    stamp++;
    if (tc) tc.startSample(walk.labels);
    let parent = -1;
    for (let i = first; i < end; i++) {
      const n = node[i];
      if (perNode && seenNode[n] !== stamp) {
        seenNode[n] = stamp;
        if (!given) {
          cum[n] += w;
          cumDiv[n] += dw;
        }
        if (tc) tc.add(n, w, dw, false);
      }
      if (parent >= 0 && n !== parent && (!edgesOf || edgesOf[parent] === 1 || edgesOf[n] === 1)) {
        edges.add(parent, n, stamp, w, dw, inline[i], residual[i]);
      }
      parent = n;
    }
    const leaf = walk.leaf;
    if (leaf >= 0) {
      if (!given) {
        flat[leaf] += w;
        flatDiv[leaf] += dw;
      }
      if (tc) tc.add(leaf, w, dw, true);
    }
  }
  return { flat, flatDiv, cum, cumDiv, edges: edges.edges(), nodeTags: tc?.nodeTags(), kept: o.kept };
}

/** isShown tells whether a node of a tally is in its graph: it has a value, and -drop_negative does not leave it out. */
export function isShown(t: GraphTally, n: number, dropNegative: boolean | undefined): boolean {
  if (t.kept && t.kept[n] === 0) return false;
  return (t.cum[n] !== 0 || t.flat[n] !== 0) && !(dropNegative && isNegative(t.flat[n], t.cum[n]));
}

/**
 * graphOfTally makes the nodes and edges of a tally: the nodes with a value
 * in node order, each edge in the in and out maps of its ends, in the order
 * the walk met the edges. nodes, when given, are nodes made before for some
 * of the tally's (by number), which get the edges instead of new ones.
 */
export function graphOfTally(fi: FrameIndex, t: GraphTally, o: { dropNegative?: boolean }, made: (GraphNode | undefined)[] = []): Graph {
  const nn = fi.infos.length;
  const { flat, flatDiv, cum, cumDiv, nodeTags, edges } = t;
  const nodes: (GraphNode | undefined)[] = new Array(nn);
  for (const n of made) if (n) nodes[n.id] = n;
  const out: GraphNode[] = [];
  const nodeOf = (n: number): GraphNode => {
    let node = nodes[n];
    if (!node) {
      node = nodes[n] = newNode(fi, n, flat[n], flatDiv[n], cum[n], cumDiv[n]);
      if (nodeTags) node.tags = nodeTags.get(n) ?? newNodeTags();
    }
    return node;
  };
  for (let n = 0; n < nn; n++) if (isShown(t, n, o.dropNegative)) out.push(nodeOf(n));
  // A node without value (a -mean sample of value 0 passed through it) is
  // left out of the graph, but pprof keeps its edges on the nodes it joins:
  // -tree lists them and they count in the entropy order.
  for (let e = 0; e < edges.count; e++) {
    const src = nodeOf(edges.src[e]);
    const dest = nodeOf(edges.dest[e]);
    const flags = edges.flags[e];
    const edge: GraphEdge = {
      src,
      dest,
      weight: edges.weight[e],
      weightDiv: edges.weightDiv[e],
      inline: (flags & EDGE_INLINE) !== 0,
      residual: (flags & EDGE_RESIDUAL) !== 0,
    };
    dest.in.set(src, edge);
    src.out.set(dest, edge);
  }
  return { nodes: out };
}

/**
 * graphOf is graph.New on a FrameIndex, keeping only the nodes marked in
 * o.kept (all when undefined): tallyGraph's walk made into nodes and edges.
 */
export function graphOf(p: WProfile, fi: FrameIndex, o: GraphOfOptions): Graph {
  return graphOfTally(fi, tallyGraph(p, fi, o), o);
}

/** isNegative tells whether -drop_negative leaves a node out: its own value, or else its cum, is below zero. */
export function isNegative(flat: number, cum: number): boolean {
  return flat < 0 || (flat === 0 && cum < 0);
}

/** flatValue is a node's flat value, divided for -mean. */
export function flatValue(n: GraphNode): number {
  return n.flatDiv === 0 ? n.flat : Math.trunc(n.flat / n.flatDiv);
}

/** cumValue is a node's cumulative value, divided for -mean. */
export function cumValue(n: GraphNode): number {
  return n.cumDiv === 0 ? n.cum : Math.trunc(n.cum / n.cumDiv);
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function tieBreak(l: GraphNode, r: GraphNode): number {
  l.sortKey ??= goSprint(l.info);
  r.sortKey ??= goSprint(r.info);
  return cmpStr(l.sortKey, r.sortKey);
}

/** sortNodes orders nodes as pprof does: by |flat| (or |cum| with cum), then name, then the other value. */
export function sortNodes(g: Graph, cumSort: boolean): void {
  if (cumSort) {
    g.nodes.sort((l, r) =>
      Math.abs(r.cum) - Math.abs(l.cum) || cmpStr(l.name, r.name) || Math.abs(r.flat) - Math.abs(l.flat) || tieBreak(l, r));
  } else {
    g.nodes.sort((l, r) =>
      Math.abs(r.flat) - Math.abs(l.flat) || cmpStr(l.name, r.name) || Math.abs(r.cum) - Math.abs(l.cum) || tieBreak(l, r));
  }
}

/** trimLowFrequencyEdges drops edges lighter than cutoff and returns how many it dropped. */
export function trimLowFrequencyEdges(g: Graph, cutoff: number): number {
  let dropped = 0;
  for (const n of g.nodes) {
    for (const [k, e] of n.in) {
      if (Math.abs(e.weight) < cutoff) {
        n.in.delete(k);
        e.src.out.delete(n);
        dropped++;
      }
    }
  }
  return dropped;
}
