// buildGraph turns samples into nodes (one per distinct frame) with flat and
// cumulative values and caller->callee edges, as pprof's graph.New does.
// It is the analyzer's hot path: frames are resolved once per location into
// dense node indexes, and per-sample bookkeeping uses typed arrays stamped
// with the sample number instead of clearing sets.

import type { Location, ProfileFunction, WProfile } from '@fluoro/profile';
import { cleanPath, goSprint, infoKey, printableName, type NodeInfo } from './nodeinfo.js';
import { PairTable } from './pairtable.js';
import { newNodeTags, TagCollector, type NodeTags, type TagOptions } from './tags.js';

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
  /** When set, only nodes whose infoKey is in the set exist. */
  kept?: Set<string>;
  /** Leave out nodes with a negative value (-drop_negative). */
  dropNegative?: boolean;
}

function nodeInfo(l: Location, li: number, objNames: boolean): NodeInfo {
  const objfile = l.mapping && l.mapping.filename !== '' ? l.mapping.filename : '';
  if (li < 0) {
    return { name: '', origName: '', address: l.address, file: '', startLine: 0, lineno: 0, objfile };
  }
  const line = l.line[li];
  const ni: NodeInfo = {
    name: line.function.name,
    origName: '',
    address: l.address,
    file: line.function.filename !== '' ? cleanPath(line.function.filename) : '',
    startLine: 0,
    lineno: line.line,
    objfile: '',
  };
  if (objNames || ni.name === '') {
    ni.objfile = objfile;
    ni.startLine = line.function.startLine;
  }
  return ni;
}

/**
 * FrameIndex resolves every location of a profile to graph node numbers, once
 * per report: the frames of location i (innermost line first) are nodes
 * frames[locStart[i] .. locStart[i+1]), and single[i] is that node when there
 * is exactly one (most locations), -2 otherwise. Graph builds then walk
 * samples with integer lookups only.
 */
export interface FrameIndex {
  infos: NodeInfo[];
  keys: string[];
  locStart: Int32Array;
  frames: Int32Array;
  single: Int32Array;
}

const MULTI = -2;

/** frameIndex numbers the distinct nodes of a profile's locations. */
export function frameIndex(p: WProfile, objNames: boolean): FrameIndex {
  const infos: NodeInfo[] = [];
  const keys: string[] = [];
  const index = new Map<string, number>();
  // A named function's node is its name and file plus the line and address,
  // so a line is looked up by a short key (function part number, line,
  // address) instead of its whole NodeInfo: there are far more lines than
  // nodes. Unnamed frames and object names take the full key.
  const partOf = new Map<ProfileFunction, number>();
  const parts = new Map<string, number>();
  const nloc = p.location.length;
  const locStart = new Int32Array(nloc + 1);
  const single = new Int32Array(nloc);
  const locNodes: number[] = [];
  for (let i = 0; i < nloc; i++) {
    const l = p.location[i];
    locStart[i] = locNodes.length;
    const n = l.line.length === 0 ? 1 : l.line.length;
    for (let li = 0; li < n; li++) {
      const line = l.line.length === 0 ? undefined : l.line[li];
      let key: string;
      let info: NodeInfo | undefined;
      if (line && !objNames && line.function.name !== '') {
        const fn = line.function;
        let part = partOf.get(fn);
        if (part === undefined) {
          const fkey = fn.name + '\u0000' + (fn.filename !== '' ? cleanPath(fn.filename) : '');
          part = parts.get(fkey);
          if (part === undefined) parts.set(fkey, (part = parts.size));
          partOf.set(fn, part);
        }
        key = `${part},${line.line},${l.address}`;
      } else {
        info = nodeInfo(l, line ? li : -1, objNames);
        key = infoKey(info);
      }
      let ni = index.get(key);
      if (ni === undefined) {
        ni = infos.length;
        index.set(key, ni);
        if (info) {
          keys.push(key);
        } else {
          info = nodeInfo(l, li, objNames);
          keys.push(infoKey(info));
        }
        infos.push(info);
      }
      locNodes.push(ni);
    }
    single[i] = n === 1 ? locNodes[locNodes.length - 1] : MULTI;
  }
  locStart[nloc] = locNodes.length;
  return { infos, keys, locStart, frames: Int32Array.from(locNodes), single };
}

/** NodeValues are the flat and cumulative values of every node of a FrameIndex. */
export interface NodeValues {
  flat: Float64Array;
  flatDiv: Float64Array;
  cum: Float64Array;
  cumDiv: Float64Array;
}

/**
 * nodeValues computes every node's flat and cum in one walk, without edges:
 * graph.New's values when no node is dropped. A node's cum counts each
 * sample once however often the node is on its stack; flat goes to the
 * innermost frame.
 */
export function nodeValues(p: WProfile, fi: FrameIndex, sampleIndex: number, meanIndex: number): NodeValues {
  const nn = fi.infos.length;
  const flat = new Float64Array(nn);
  const flatDiv = new Float64Array(nn);
  const cum = new Float64Array(nn);
  const cumDiv = new Float64Array(nn);
  const { locStart, frames, single } = fi;
  const seen = new Int32Array(nn);
  let stamp = 0;
  for (const s of p.sample) {
    const w = s.value[sampleIndex];
    const dw = meanIndex >= 0 ? s.value[meanIndex] : 0;
    if (w === 0 && dw === 0) continue;
    const locs = s.locs;
    if (locs.length === 0) continue;
    stamp++;
    for (let i = 0; i < locs.length; i++) {
      const li = locs[i];
      let n = single[li];
      if (n >= 0) {
        if (seen[n] !== stamp) {
          seen[n] = stamp;
          cum[n] += w;
          cumDiv[n] += dw;
        }
        continue;
      }
      for (let k = locStart[li]; k < locStart[li + 1]; k++) {
        n = frames[k];
        if (seen[n] !== stamp) {
          seen[n] = stamp;
          cum[n] += w;
          cumDiv[n] += dw;
        }
      }
    }
    const leaf = frames[locStart[locs[0]]];
    flat[leaf] += w;
    flatDiv[leaf] += dw;
  }
  return { flat, flatDiv, cum, cumDiv };
}

/** buildGraph computes the nodes and edges of a profile (pprof's graph.New). */
export function buildGraph(p: WProfile, o: GraphOptions): Graph {
  const fi = frameIndex(p, o.objNames);
  let kept: Uint8Array | undefined;
  if (o.kept) {
    const keep = o.kept;
    kept = Uint8Array.from(fi.keys, (k) => (keep.has(k) ? 1 : 0));
  }
  return graphOf(p, fi, o.sampleIndex, o.meanIndex, kept, undefined, o.dropNegative);
}

/** newNode makes node n of a FrameIndex with the given values and no edges. */
export function newNode(fi: FrameIndex, n: number, flat: number, flatDiv: number, cum: number, cumDiv: number): GraphNode {
  const info = fi.infos[n];
  return { id: n, info, key: fi.keys[n], name: printableName(info), flat, flatDiv, cum, cumDiv, in: new Map(), out: new Map() };
}

/**
 * graphOf is graph.New on a FrameIndex, keeping only the nodes marked in
 * kept (all when undefined): the walk over samples that computes values and
 * caller->callee edges. Frames of dropped nodes are skipped, so an edge joins
 * the nearest kept caller and callee (a residual edge), and a sample whose
 * leaf is dropped adds no flat value. With tagOptions, nodes also collect
 * the samples' label tags (for dot's nodelets).
 */
export function graphOf(
  p: WProfile,
  fi: FrameIndex,
  sampleIndex: number,
  meanIndex: number,
  kept?: Uint8Array,
  tagOptions?: TagOptions,
  dropNegative = false,
): Graph {
  const nn = fi.infos.length;
  const flat = new Float64Array(nn);
  const flatDiv = new Float64Array(nn);
  const cum = new Float64Array(nn);
  const cumDiv = new Float64Array(nn);
  const seenNode = new Int32Array(nn);
  const edges = new PairTable();
  const eSrc: number[] = [];
  const eDst: number[] = [];
  const eW: number[] = [];
  const eWD: number[] = [];
  const eInline: boolean[] = [];
  const eResidual: boolean[] = [];
  const eSeen: number[] = [];
  const tc = tagOptions ? new TagCollector(tagOptions) : undefined;

  // Per location: its node when it has one line and it is kept, -1 when no
  // node of it is kept (the whole frame is skipped), MULTI otherwise.
  const { locStart, frames } = fi;
  const single = new Int32Array(fi.single.length);
  for (let li = 0; li < single.length; li++) {
    let n = fi.single[li];
    if (kept && n >= 0 && kept[n] === 0) n = -1;
    if (kept && n === MULTI) {
      n = -1;
      for (let k = locStart[li]; k < locStart[li + 1]; k++) if (kept[frames[k]] === 1) n = MULTI;
    }
    single[li] = n;
  }

  let stamp = 0;
  let w = 0;
  let dw = 0;
  let parent = -1;
  let residual = false;
  // visit is one frame of graph.New's loop, callers first.
  const visit = (n: number, inline: boolean): void => {
    if (seenNode[n] !== stamp) {
      seenNode[n] = stamp;
      cum[n] += w;
      cumDiv[n] += dw;
      if (tc) tc.add(n, w, dw, false);
    }
    if (parent >= 0 && n !== parent) {
      let e = edges.get(parent, n);
      if (e < 0) {
        e = eSrc.length;
        edges.set(parent, n, e);
        eSrc.push(parent);
        eDst.push(n);
        eW.push(w);
        eWD.push(dw);
        eInline.push(inline);
        eResidual.push(residual);
        eSeen.push(stamp);
      } else if (eSeen[e] !== stamp) {
        eSeen[e] = stamp;
        eW[e] += w;
        eWD[e] += dw;
        if (!inline) eInline[e] = false;
        if (residual) eResidual[e] = true;
      }
    }
    parent = n;
    residual = false;
  };
  for (const s of p.sample) {
    w = s.value[sampleIndex];
    dw = meanIndex >= 0 ? s.value[meanIndex] : 0;
    if (w === 0 && dw === 0) continue;
    stamp++;
    parent = -1;
    residual = false;
    if (tc) tc.startSample(s);
    const locs = s.locs;
    for (let i = locs.length - 1; i >= 0; i--) {
      const li = locs[i];
      const n = single[li];
      if (n >= 0) {
        visit(n, false);
      } else if (n === -1) {
        residual = true;
      } else {
        const start = locStart[li];
        const end = locStart[li + 1];
        for (let k = end - 1; k >= start; k--) {
          const m = frames[k];
          if (kept && kept[m] === 0) residual = true;
          else visit(m, k !== end - 1);
        }
      }
    }
    if (parent >= 0 && !residual) {
      flat[parent] += w;
      flatDiv[parent] += dw;
      if (tc) tc.add(parent, w, dw, true);
    }
  }

  const nodes: (GraphNode | undefined)[] = new Array(nn);
  const out: GraphNode[] = [];
  const nodeTags = tc?.nodeTags();
  const nodeOf = (n: number): GraphNode => {
    let node = nodes[n];
    if (!node) {
      node = nodes[n] = newNode(fi, n, flat[n], flatDiv[n], cum[n], cumDiv[n]);
      if (nodeTags) node.tags = nodeTags.get(n) ?? newNodeTags();
    }
    return node;
  };
  for (let n = 0; n < nn; n++) {
    if (cum[n] === 0 && flat[n] === 0) continue;
    if (dropNegative && isNegative(flat[n], cum[n])) continue;
    out.push(nodeOf(n));
  }
  // A node without value (a -mean sample of value 0 passed through it) is
  // left out of the graph, but pprof keeps its edges on the nodes it joins:
  // -tree lists them and they count in the entropy order.
  for (let e = 0; e < eSrc.length; e++) {
    const src = nodeOf(eSrc[e]);
    const dest = nodeOf(eDst[e]);
    const edge: GraphEdge = { src, dest, weight: eW[e], weightDiv: eWD[e], inline: eInline[e], residual: eResidual[e] };
    dest.in.set(src, edge);
    src.out.set(dest, edge);
  }
  return { nodes: out };
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
