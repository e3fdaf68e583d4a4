// The flame graph as data: every distinct call path of the (filtered,
// aggregated) profile as one node of a tree, as pprof's flame graph builds it
// from a call-tree graph without trimming. The tree goes to the browser as
// flat columns in preorder, so the UI lays it out in one pass and never sees
// the profile itself. Paths below a tiny share of the total are left out (a
// 50 MB profile has millions of them, none wider than a pixel) and counted.

import { frameIndex } from '../graph/frameindex.js';
import { printableName } from '../graph/nodeinfo.js';
import type { Report } from './report.js';

/** FlameData is the flame graph of a report as preorder columns. */
export interface FlameData {
  /** Frame names and their files, indexed by FlameData.frame. */
  names: string[];
  files: string[];
  /** Per node, in preorder: frame index (-1 for the root), depth (root 0). */
  frame: number[];
  depth: number[];
  /** Per node: sum of |value| of the samples through it, and of those ending in it. */
  cum: number[];
  self: number[];
  /** Per node, only when the profile has negative values (-diff_base): the signed sum. */
  delta?: number[];
  /** Nodes left out for being below minValue, and their summed |value|. */
  elided: number;
  minValue: number;
}

/** FlameOptions bounds the size of the tree sent to a browser. */
export interface FlameOptions {
  /** Leave out nodes whose cum is below this fraction of the root's. */
  minFraction: number;
  /** Raise the cut-off until at most this many nodes remain. */
  maxNodes: number;
  /**
   * For a sandwich: the tree of one function's callees (stacks from its
   * outermost frame down) or callers (from its innermost frame up), rooted
   * at the frames whose name matches anchor; samples without one are left out.
   */
  anchor?: { re: RegExp; direction: 'callees' | 'callers' };
}

/** DEFAULT_FLAME_OPTIONS keeps paths of at least 1/10000 of the total (12 pixels when zoomed to a 1% frame), at most 100k nodes. */
export const DEFAULT_FLAME_OPTIONS: FlameOptions = { minFraction: 1e-4, maxNodes: 100_000 };

/**
 * flameGraph builds the flame graph of a report's profile for its sample
 * value. The tree is grown top-down: a node's samples are split by their
 * next frame, and a child below the cut-off stops there with all of its
 * subtree, so the work follows the kept nodes and never builds the millions
 * of one-sample paths of a big profile.
 */
export function flameGraph(rpt: Report, opts: FlameOptions = DEFAULT_FLAME_OPTIONS): FlameData {
  const p = rpt.prof;
  const si = rpt.options.sampleIndex;
  const fi = frameIndex(p, false);
  const { locStart, frames, single } = fi;
  const nf = fi.infos.length;

  // The samples with a value: weights, and stacks root first in one column
  // (stack s is fr[off[s] .. off[s+1])), expanding inlined lines.
  const kept: number[] = [];
  let len = 0;
  let negative = false;
  const anchored = opts.anchor ? Uint8Array.from(fi.infos, (info) => (opts.anchor!.re.test(printableName(info)) ? 1 : 0)) : undefined;
  const { count, width, values, start, end, frames: locs } = p.samples;
  for (let i = 0; i < count; i++) {
    const w = values[i * width + si];
    if (w === 0) continue;
    let frames = 0;
    let hit = anchored === undefined;
    for (let k = start[i]; k < end[i]; k++) {
      for (let j = locStart[locs[k]]; j < locStart[locs[k] + 1]; j++) if (anchored?.[fi.frames[j]] === 1) hit = true;
      frames += locStart[locs[k] + 1] - locStart[locs[k]];
    }
    if (!hit) continue;
    if (w < 0) negative = true;
    kept.push(i);
    len += frames;
  }
  const n = kept.length;
  const fr = new Int32Array(len);
  const off = new Int32Array(n + 1);
  const weight = new Float64Array(n);
  const signed = new Float64Array(n);
  let total = 0;
  let at = 0;
  for (let j = 0; j < n; j++) {
    const s = kept[j];
    const w = values[s * width + si];
    weight[j] = Math.abs(w);
    signed[j] = w;
    total += Math.abs(w);
    off[j] = at;
    for (let i = end[s] - 1; i >= start[s]; i--) {
      const li = locs[i];
      const one = single[li];
      if (one >= 0) fr[at++] = one;
      else for (let k = locStart[li + 1] - 1; k >= locStart[li]; k--) fr[at++] = frames[k];
    }
    if (anchored) at = anchor(fr, off[j], at, anchored, opts.anchor!.direction);
  }
  off[n] = at;
  const stacks: Stacks = { fr, off, weight, signed, negative };

  // Children are ordered by name, so that a function keeps its place when filters change the numbers.
  const allNames = fi.infos.map(printableName);
  const order = Array.from(allNames.keys()).sort((a, b) => (allNames[a] < allNames[b] ? -1 : allNames[a] > allNames[b] ? 1 : 0));
  const rank = new Int32Array(nf);
  order.forEach((f, r) => (rank[f] = r));

  let minValue = total * opts.minFraction;
  for (;;) {
    const out = grow(stacks, rank, minValue, opts.maxNodes);
    if (out) {
      const names: string[] = [];
      const files: string[] = [];
      const remap = new Int32Array(nf).fill(-1);
      for (let i = 0; i < out.frame.length; i++) {
        const f = out.frame[i];
        if (f < 0) continue;
        if (remap[f] < 0) {
          remap[f] = names.length;
          names.push(allNames[f]);
          files.push(fi.infos[f].file);
        }
        out.frame[i] = remap[f];
      }
      out.names = names;
      out.files = files;
      out.minValue = minValue;
      return out;
    }
    // Too many nodes at this cut-off: double it and start again.
    minValue = minValue > 0 ? minValue * 2 : 1;
  }
}

// anchor cuts the root-first stack fr[start..end) to the sandwich's view of
// it and returns its new end: callees keep the outermost anchored frame and
// what it calls; callers keep the innermost anchored frame and its callers,
// reversed so that the anchored function is the root.
function anchor(fr: Int32Array, start: number, end: number, anchored: Uint8Array, direction: 'callees' | 'callers'): number {
  if (direction === 'callees') {
    let first = start;
    while (anchored[fr[first]] !== 1) first++;
    fr.copyWithin(start, first, end);
    return start + (end - first);
  }
  let last = end - 1;
  while (anchored[fr[last]] !== 1) last--;
  fr.subarray(start, last + 1).reverse();
  return last + 1;
}

/** Stacks are the samples of a flame graph in columns. */
interface Stacks {
  fr: Int32Array;
  off: Int32Array;
  weight: Float64Array;
  signed: Float64Array;
  negative: boolean;
}

// grow builds the tree in preorder, or returns undefined past maxNodes.
// A group of samples is a range of slots; a slot carries its sample's stack
// bounds and weights, and children partition their parent's range, so the
// walks over a range read the slot columns in order (only the frame itself
// is a random read into the stack column).
function grow(st: Stacks, rank: Int32Array, minValue: number, maxNodes: number): FlameData | undefined {
  const { fr, off, weight, signed, negative } = st;
  const out: FlameData = { names: [], files: [], frame: [], depth: [], cum: [], self: [], elided: 0, minValue };
  if (negative) out.delta = [];
  const n = weight.length;
  const start = off.slice(0, n);
  const end = off.slice(1, n + 1);
  const w = weight.slice();
  const sg = signed.slice();
  const t0 = new Int32Array(n);
  const t1 = new Int32Array(n);
  const t2 = new Float64Array(n);
  const t3 = new Float64Array(n);
  // The frame of each slot at the group's depth, -1 when its stack ends there.
  const cf = new Int32Array(n);
  const nf = rank.length;
  const sum = new Float64Array(nf);
  const count = new Int32Array(nf);
  // Next free slot of each kept child, -1 for frames not kept.
  const at = new Int32Array(nf).fill(-1);
  // Pending groups: frame, depth, range.
  const stack: number[] = [-1, 0, 0, n];
  while (stack.length > 0) {
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    const depth = stack.pop()!;
    const frame = stack.pop()!;
    if (out.frame.length >= maxNodes) return undefined;
    let cum = 0;
    let delta = 0;
    let self = 0;
    const touched: number[] = [];
    for (let k = lo; k < hi; k++) {
      const wk = w[k];
      cum += wk;
      delta += sg[k];
      const pos = start[k] + depth;
      if (pos >= end[k]) {
        cf[k] = -1;
        self += wk;
        continue;
      }
      const f = fr[pos];
      cf[k] = f;
      if (count[f] === 0) touched.push(f);
      count[f]++;
      sum[f] += wk;
    }
    out.frame.push(frame);
    out.depth.push(depth);
    out.cum.push(cum);
    out.self.push(self);
    out.delta?.push(delta);
    const kept: number[] = [];
    for (const f of touched) {
      if (sum[f] >= minValue && sum[f] > 0) kept.push(f);
      else out.elided++;
    }
    kept.sort((a, b) => rank[a] - rank[b]);
    let pos = lo;
    for (const f of kept) {
      at[f] = pos;
      pos += count[f];
    }
    const childEnd = pos;
    if (kept.length > 0) {
      for (let k = lo; k < hi; k++) {
        const f = cf[k];
        if (f < 0) continue;
        const q = at[f];
        if (q < 0) continue;
        t0[q] = start[k];
        t1[q] = end[k];
        t2[q] = w[k];
        t3[q] = sg[k];
        at[f] = q + 1;
      }
      start.set(t0.subarray(lo, childEnd), lo);
      end.set(t1.subarray(lo, childEnd), lo);
      w.set(t2.subarray(lo, childEnd), lo);
      sg.set(t3.subarray(lo, childEnd), lo);
    }
    const ranges: number[] = [];
    pos = lo;
    for (const f of kept) {
      ranges.push(f, depth + 1, pos, pos + count[f]);
      pos += count[f];
      at[f] = -1;
    }
    for (const f of touched) {
      count[f] = 0;
      sum[f] = 0;
    }
    // Pushed in reverse so that the first child is emitted next (preorder).
    for (let r = ranges.length - 4; r >= 0; r -= 4) stack.push(ranges[r], ranges[r + 1], ranges[r + 2], ranges[r + 3]);
  }
  return out;
}
