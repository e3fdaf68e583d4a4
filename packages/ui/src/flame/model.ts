// The flame graph's layout, computed once per data set from the preorder
// columns the server sends: each node's parent, the end of its subtree (so a
// node too narrow to draw skips its whole subtree in one step) and its
// offset from the root in value units. Everything after this is arithmetic
// on typed arrays, which keeps zoom and search well under a frame's budget.

import type { FlameData } from '@fluoro/cli/contract';

/** FlameModel is FlameData with its layout. */
export interface FlameModel {
  data: FlameData;
  n: number;
  parent: Int32Array;
  /** One past the last node of each node's subtree. */
  end: Int32Array;
  /** Offset from the root's left edge, in value units. */
  x: Float64Array;
  maxDepth: number;
  /** True when the data carries signed differences (-diff_base). */
  diff: boolean;
}

/** buildModel lays out the preorder columns. */
export function buildModel(data: FlameData): FlameModel {
  const n = data.frame.length;
  const parent = new Int32Array(n);
  const end = new Int32Array(n);
  const x = new Float64Array(n);
  const last: number[] = [];
  const cursor: number[] = [0];
  let maxDepth = 0;
  for (let i = 0; i < n; i++) {
    const d = data.depth[i];
    if (d > maxDepth) maxDepth = d;
    parent[i] = d === 0 ? -1 : last[d - 1];
    last[d] = i;
    x[i] = cursor[d] ?? 0;
    cursor[d] = x[i] + data.cum[i];
    cursor[d + 1] = x[i];
    end[i] = i + 1;
  }
  for (let i = n - 1; i > 0; i--) {
    const p = parent[i];
    if (end[i] > end[p]) end[p] = end[i];
  }
  return { data, n, parent, end, x, maxDepth, diff: data.delta !== undefined };
}

/** nameOf is a node's frame name ("root" for the root). */
export function nameOf(m: FlameModel, i: number): string {
  const f = m.data.frame[i];
  return f < 0 ? 'root' : m.data.names[f];
}

/** fileOf is a node's source file, or "". */
export function fileOf(m: FlameModel, i: number): string {
  const f = m.data.frame[i];
  return f < 0 ? '' : m.data.files[f];
}

/** ancestors lists the nodes from the root down to i's parent. */
export function ancestors(m: FlameModel, i: number): number[] {
  const out: number[] = [];
  for (let p = m.parent[i]; p >= 0; p = m.parent[p]) out.push(p);
  return out.reverse();
}

/** children lists i's children, left to right. */
export function children(m: FlameModel, i: number): number[] {
  const out: number[] = [];
  for (let c = i + 1; c < m.end[i]; c = m.end[c]) out.push(c);
  return out;
}

/** SearchResult is which nodes match a regexp and the share of the total they hold. */
export interface SearchResult {
  /** 1 for nodes whose name or file matches. */
  hit: Uint8Array;
  /** Summed cum of matched nodes not under another matched node, within the zoomed subtree. */
  value: number;
  count: number;
}

/** search marks the nodes matching re and sums their share under root (no double counting of recursion). */
export function search(m: FlameModel, re: RegExp, root: number): SearchResult {
  const { names, files, frame, cum } = m.data;
  const frameHit = new Uint8Array(names.length);
  for (let f = 0; f < names.length; f++) {
    re.lastIndex = 0;
    if (re.test(names[f]) || (files[f] !== '' && re.test(files[f]))) frameHit[f] = 1;
  }
  const hit = new Uint8Array(m.n);
  let count = 0;
  for (let i = 0; i < m.n; i++) {
    const f = frame[i];
    if (f >= 0 && frameHit[f] === 1) {
      hit[i] = 1;
      count++;
    }
  }
  let value = 0;
  for (let i = root; i < m.end[root]; ) {
    if (hit[i] === 1) {
      value += cum[i];
      i = m.end[i];
    } else i++;
  }
  return { hit, value, count };
}
