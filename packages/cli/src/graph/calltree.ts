// -call_tree: a graph in which a frame reached through different call paths
// is a different node (pprof's newTree and TrimTree). Each node has one
// parent, so the structure is a forest; trimming it removes nodes and hangs
// their children on the nearest kept ancestor with a residual edge.

import type { WProfile } from '@fluoro/profile';
import { removeRedundantEdges } from './edges.js';
import type { FrameIndex } from './frameindex.js';
import { isNegative, newNode, type Graph, type GraphEdge, type GraphNode, type GraphOfOptions } from './graph.js';
import { PairTable } from './pairtable.js';
import { newNodeTags, TagCollector } from './tags.js';

/** CallTreeOptions are graphOf's options less kept: a call tree keeps every path. */
export type CallTreeOptions = Omit<GraphOfOptions, 'kept'>;

/** callTree builds the call-tree graph of a profile, with tags when o.tags is given. */
export function callTree(p: WProfile, fi: FrameIndex, o: CallTreeOptions): Graph {
  const { sampleIndex, meanIndex } = o;
  // Tree node t is frame frame[t] under parent[t] (-1 for a root); its edge
  // from the parent is stored on t, since it has no other.
  const children = new PairTable();
  const frame: number[] = [];
  const parentOf: number[] = [];
  const flat: number[] = [];
  const flatDiv: number[] = [];
  const cum: number[] = [];
  const cumDiv: number[] = [];
  const eInline: boolean[] = [];
  const tc = o.tags ? new TagCollector(o.tags) : undefined;
  const { locStart, frames } = fi;

  const { count, width, values, labels, start: stackStart, end: stackEnd, frames: locs } = p.samples;
  for (let s = 0; s < count; s++) {
    const w = values[s * width + sampleIndex];
    const dw = meanIndex >= 0 ? values[s * width + meanIndex] : 0;
    if (w === 0 && dw === 0) continue;
    if (tc) tc.startSample(labels[s]);
    let parent = -1;
    for (let i = stackEnd[s] - 1; i >= stackStart[s]; i--) {
      const li = locs[i];
      const start = locStart[li];
      const end = locStart[li + 1];
      for (let k = end - 1; k >= start; k--) {
        const f = frames[k];
        const inline = k !== end - 1;
        let t = children.get(parent + 1, f);
        if (t < 0) {
          t = frame.length;
          children.set(parent + 1, f, t);
          frame.push(f);
          parentOf.push(parent);
          flat.push(0);
          flatDiv.push(0);
          cum.push(0);
          cumDiv.push(0);
          eInline.push(inline);
        } else if (!inline) {
          eInline[t] = false;
        }
        cum[t] += w;
        cumDiv[t] += dw;
        if (tc) tc.add(t, w, dw, false);
        parent = t;
      }
    }
    if (parent >= 0) {
      flat[parent] += w;
      flatDiv[parent] += dw;
      if (tc) tc.add(parent, w, dw, true);
    }
  }

  const tags = tc?.nodeTags();
  const nodes: GraphNode[] = frame.map((f, t) => {
    const n = newNode(fi, f, flat[t], flatDiv[t], cum[t], cumDiv[t]);
    if (tags) n.tags = tags.get(t) ?? newNodeTags();
    return n;
  });
  // A child's edge carries exactly the samples that reached the child.
  nodes.forEach((dest, t) => {
    const pt = parentOf[t];
    if (pt < 0) return;
    const src = nodes[pt];
    const e: GraphEdge = { src, dest, weight: cum[t], weightDiv: cumDiv[t], inline: eInline[t], residual: false };
    src.out.set(dest, e);
    dest.in.set(src, e);
  });
  const out = nodes.filter((n) => (n.cum !== 0 || n.flat !== 0) && !(o.dropNegative && isNegative(n.flat, n.cum)));
  return { nodes: out };
}

/**
 * trimTree keeps only the nodes in kept: a dropped node's children hang on
 * its parent through residual edges (inline only when both edges were), and
 * a dropped root's children become roots. Redundant residual edges go last.
 */
export function trimTree(g: Graph, kept: Set<GraphNode>): void {
  const old = g.nodes;
  g.nodes = [];
  for (const cur of old) {
    if (cur.in.size > 1) throw new Error('trimTree only works on trees');
    if (kept.has(cur)) {
      g.nodes.push(cur);
      continue;
    }
    const [up] = cur.in.values();
    if (!up) {
      for (const e of cur.out.values()) e.dest.in.delete(cur);
      continue;
    }
    const parent = up.src;
    const parentEdgeInline = parent.out.get(cur)?.inline ?? false;
    parent.out.delete(cur);
    for (const e of cur.out.values()) {
      const child = e.dest;
      child.in.delete(cur);
      child.in.set(parent, e);
      parent.out.set(child, e);
      e.src = parent;
      e.residual = true;
      e.inline = parentEdgeInline && e.inline;
    }
  }
  removeRedundantEdges(g);
}
