// The flame graph as data: every distinct call path of the (filtered,
// aggregated) profile as one node of a tree, as pprof's flame graph builds it
// from a call-tree graph without trimming. The tree goes to the browser as
// flat columns in preorder, so the UI lays it out in one pass and never sees
// the profile itself. Paths below a tiny share of the total are left out (a
// 50 MB profile has millions of them, none wider than a pixel) and counted.

import type { WProfile } from '@fluoro/profile';
import type { FrameIndex } from '../graph/frameindex.js';
import { reportFrames } from './frames.js';
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
 * of one-sample paths of a big profile. Each sample is read through a
 * cursor into its stack in the frame column, which moves one frame per
 * level: the stacks are never copied.
 */
export function flameGraph(rpt: Report, opts: FlameOptions = DEFAULT_FLAME_OPTIONS): FlameData {
  const p = rpt.prof;
  const si = rpt.options.sampleIndex;
  const fi = reportFrames(rpt, false);
  const nf = fi.infos.length;
  const anchored = opts.anchor ? Uint8Array.from(fi.infos, (info) => (opts.anchor!.re.test(printableName(info)) ? 1 : 0)) : undefined;
  const stacks = new Stacks(p.samples, fi, opts.anchor?.direction === 'callers' ? 1 : -1);
  const { count, width, values } = p.samples;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const w = values[i * width + si];
    if (w === 0) continue;
    if (stacks.add(i, w, anchored)) total += Math.abs(w);
  }

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

/**
 * Stacks are the samples of a flame graph, each with a cursor at the next
 * frame of its path: the location at `pos` in the frame column and the
 * number of that location's lines already passed (`sub`). A path normally
 * runs from the root (the end of a stack in the column, outermost line
 * first) to the leaf; a sandwich's callers run from the anchored frame
 * towards the root instead (dir 1 rather than -1). A path ends when its
 * cursor reaches `stop`.
 */
class Stacks {
  pos: number[] = [];
  sub: number[] = [];
  stop: number[] = [];
  weight: number[] = [];
  signed: number[] = [];
  negative = false;
  private readonly locs: Int32Array;

  constructor(
    readonly samples: WProfile['samples'],
    readonly fi: FrameIndex,
    readonly dir: 1 | -1,
  ) {
    this.locs = samples.frames;
  }

  /** add takes sample i, of value w, and tells whether its path has a frame to start from (an anchored one, with anchored). */
  add(i: number, w: number, anchored: Uint8Array | undefined): boolean {
    const { start, end } = this.samples;
    let pos = this.dir === -1 ? end[i] - 1 : start[i];
    let sub = 0;
    const stop = this.dir === -1 ? start[i] - 1 : end[i];
    if (anchored) {
      // Callees start at the outermost anchored frame, callers at the innermost.
      while (pos !== stop && anchored[this.node(pos, sub)] !== 1) [pos, sub] = this.advance(pos, sub);
      if (pos === stop) return false;
    }
    if (w < 0) this.negative = true;
    this.pos.push(pos);
    this.sub.push(sub);
    this.stop.push(stop);
    this.weight.push(Math.abs(w));
    this.signed.push(w);
    return true;
  }

  /** node is the frame at a cursor. */
  node(pos: number, sub: number): number {
    const { single, locStart, frames } = this.fi;
    const li = this.locs[pos];
    const one = single[li];
    if (one >= 0) return one;
    return this.dir === -1 ? frames[locStart[li + 1] - 1 - sub] : frames[locStart[li] + sub];
  }

  /** advance returns the cursor one frame further along the path. */
  advance(pos: number, sub: number): [number, number] {
    const { locStart } = this.fi;
    const li = this.locs[pos];
    return sub + 1 < locStart[li + 1] - locStart[li] ? [pos, sub + 1] : [pos + this.dir, 0];
  }
}

// grow builds the tree in preorder, or returns undefined past maxNodes.
// A group of samples is a range of slots; a slot carries its sample's
// cursor and weights, and children partition their parent's range, so the
// walks over a range read the slot columns in order (only the frame itself
// is a random read into the frame column).
function grow(st: Stacks, rank: Int32Array, minValue: number, maxNodes: number): FlameData | undefined {
  const out: FlameData = { names: [], files: [], frame: [], depth: [], cum: [], self: [], elided: 0, minValue };
  if (st.negative) out.delta = [];
  const n = st.weight.length;
  const { locStart, single, frames } = st.fi;
  const locs = st.samples.frames;
  const dir = st.dir;
  const pos = Int32Array.from(st.pos);
  const sub = Int32Array.from(st.sub);
  const stop = Int32Array.from(st.stop);
  const w = Float64Array.from(st.weight);
  const sg = Float64Array.from(st.signed);
  const t0 = new Int32Array(n);
  const t1 = new Int32Array(n);
  const t2 = new Int32Array(n);
  const t3 = new Float64Array(n);
  const t4 = new Float64Array(n);
  // The frame of each slot at the group's depth, -1 when its path ends there,
  // and its cursor one frame further.
  const cf = new Int32Array(n);
  const nextPos = new Int32Array(n);
  const nextSub = new Int32Array(n);
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
      const pk = pos[k];
      if (pk === stop[k]) {
        cf[k] = -1;
        self += wk;
        continue;
      }
      // The frame at the cursor, and the cursor past it (st.node and st.advance, inline).
      const li = locs[pk];
      const one = single[li];
      let f: number;
      if (one >= 0) {
        f = one;
        nextPos[k] = pk + dir;
        nextSub[k] = 0;
      } else {
        const lines = locStart[li + 1] - locStart[li];
        const sk = sub[k];
        f = dir === -1 ? frames[locStart[li + 1] - 1 - sk] : frames[locStart[li] + sk];
        if (sk + 1 < lines) {
          nextPos[k] = pk;
          nextSub[k] = sk + 1;
        } else {
          nextPos[k] = pk + dir;
          nextSub[k] = 0;
        }
      }
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
    let q = lo;
    for (const f of kept) {
      at[f] = q;
      q += count[f];
    }
    const childEnd = q;
    if (kept.length > 0) {
      for (let k = lo; k < hi; k++) {
        const f = cf[k];
        if (f < 0) continue;
        const slot = at[f];
        if (slot < 0) continue;
        t0[slot] = nextPos[k];
        t1[slot] = nextSub[k];
        t2[slot] = stop[k];
        t3[slot] = w[k];
        t4[slot] = sg[k];
        at[f] = slot + 1;
      }
      pos.set(t0.subarray(lo, childEnd), lo);
      sub.set(t1.subarray(lo, childEnd), lo);
      stop.set(t2.subarray(lo, childEnd), lo);
      w.set(t3.subarray(lo, childEnd), lo);
      sg.set(t4.subarray(lo, childEnd), lo);
    }
    const ranges: number[] = [];
    q = lo;
    for (const f of kept) {
      ranges.push(f, depth + 1, q, q + count[f]);
      q += count[f];
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
