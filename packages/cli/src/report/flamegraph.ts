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
  const { count, width, values } = p.samples;
  let total = 0;
  // A growth moves the stacks' cursors, so a second one starts from new stacks.
  const newStacks = (): Stacks => {
    const st = new Stacks(p.samples, fi, opts.anchor?.direction === 'callers' ? 1 : -1);
    total = 0;
    for (let i = 0; i < count; i++) {
      const w = values[i * width + si];
      if (w === 0) continue;
      if (st.add(i, w, anchored)) total += Math.abs(w);
    }
    return st;
  };
  let stacks = newStacks();

  // Children are ordered by name (then by frame number), so that a
  // function keeps its place when filters change the numbers.
  const allNames = fi.infos.map(printableName);
  const byName = (a: number, b: number): number => (allNames[a] < allNames[b] ? -1 : allNames[a] > allNames[b] ? 1 : a - b);

  let minValue = total * opts.minFraction;
  for (;;) {
    const out = grow(stacks, byName, minValue, opts.maxNodes);
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
    stacks = newStacks();
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
  /** The number of stacks; the columns have room for every sample. */
  n = 0;
  readonly pos: Int32Array;
  readonly sub: Int32Array;
  readonly stop: Int32Array;
  readonly weight: Float64Array;
  readonly signed: Float64Array;
  negative = false;
  private readonly locs: Int32Array;

  constructor(
    readonly samples: WProfile['samples'],
    readonly fi: FrameIndex,
    readonly dir: 1 | -1,
  ) {
    this.locs = samples.frames;
    const room = samples.count;
    this.pos = new Int32Array(room);
    this.sub = new Int32Array(room);
    this.stop = new Int32Array(room);
    this.weight = new Float64Array(room);
    this.signed = new Float64Array(room);
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
    const k = this.n++;
    this.pos[k] = pos;
    this.sub[k] = sub;
    this.stop[k] = stop;
    this.weight[k] = Math.abs(w);
    this.signed[k] = w;
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

/** AHEAD is how many frames of its path a slot holds (see grow). */
const AHEAD = 8;

// grow builds the tree in preorder, or returns undefined past maxNodes.
// A group of samples is a range of slots; a slot carries its sample's next
// AHEAD frames, its cursor past them and its weights, and children partition
// their parent's range, so the walks over a range read the slot columns in
// order. The frames are read AHEAD at a time because each read from the
// frame column is a cache miss at a scattered place (a slot per sample), and
// these misses were most of the time: now a group refills its slots' frames
// every AHEAD levels, and in between the frames move with the slots.
function grow(st: Stacks, byName: (a: number, b: number) => number, minValue: number, maxNodes: number): FlameData | undefined {
  const out: FlameData = { names: [], files: [], frame: [], depth: [], cum: [], self: [], elided: 0, minValue };
  if (st.negative) out.delta = [];
  const slots = new Slots(st, st.fi.infos.length);
  // Pending groups: frame, depth, range.
  const stack: number[] = [-1, 0, 0, slots.n];
  while (stack.length > 0) {
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    const depth = stack.pop()!;
    const frame = stack.pop()!;
    if (out.frame.length >= maxNodes) return undefined;
    const off = depth % AHEAD;
    if (off === 0) slots.readAhead(lo, hi);
    const g = slots.tally(lo, hi, off);
    out.frame.push(frame);
    out.depth.push(depth);
    out.cum.push(g.cum);
    out.self.push(g.self);
    out.delta?.push(g.delta);
    const kept: number[] = [];
    for (const f of g.touched) {
      if (slots.sum[f] >= minValue && slots.sum[f] > 0) kept.push(f);
      else out.elided++;
    }
    kept.sort(byName);
    const ranges = slots.split(lo, hi, kept);
    slots.forget(g.touched);
    // Pushed in reverse so that the first child is emitted next (preorder).
    for (let i = kept.length - 1; i >= 0; i--) stack.push(kept[i], depth + 1, ranges[i], ranges[i + 1]);
  }
  return out;
}

/** Group is what tally finds in a group of slots. */
interface Group {
  cum: number;
  self: number;
  delta: number;
  /** The frames the group's slots have at its depth, in order of first sight. */
  touched: number[];
}

/**
 * Slots are grow's columns, one entry per sample of the flame graph, and
 * its per-frame tallies. Each step is a method of its own: V8 optimizes the
 * loops of one long function on the fly and threw the code away again each
 * time the walk left a loop for code that had not run yet.
 */
class Slots {
  readonly n: number;
  private readonly pos: Int32Array;
  private readonly sub: Int32Array;
  private readonly stop: Int32Array;
  private readonly w: Float64Array;
  private readonly sg: Float64Array;
  /** Slot k's frames at depths d .. d + AHEAD - 1 (d a multiple of AHEAD) are ahead[k * AHEAD ..], -1 past the end of its path. */
  private readonly ahead: Int32Array;
  /** The frame of each slot at the group's depth, -1 where its path ends. */
  private readonly cf: Int32Array;
  private readonly t0: Int32Array;
  private readonly t1: Int32Array;
  private readonly t2: Int32Array;
  private readonly t3: Float64Array;
  private readonly t4: Float64Array;
  private readonly tAhead: Int32Array;
  /** Per frame: the summed weight and number of the group's slots at it. */
  readonly sum: Float64Array;
  private readonly count: Int32Array;
  /** Per frame: the next free slot of its child group, -1 for frames not kept. */
  private readonly at: Int32Array;

  constructor(
    private readonly st: Stacks,
    frames: number,
  ) {
    // The slots are the stacks' own columns: growing moves the cursors.
    const n = (this.n = st.n);
    this.pos = st.pos.subarray(0, n);
    this.sub = st.sub.subarray(0, n);
    this.stop = st.stop.subarray(0, n);
    this.w = st.weight.subarray(0, n);
    this.sg = st.signed.subarray(0, n);
    this.ahead = new Int32Array(n * AHEAD);
    this.cf = new Int32Array(n);
    this.t0 = new Int32Array(n);
    this.t1 = new Int32Array(n);
    this.t2 = new Int32Array(n);
    this.t3 = new Float64Array(n);
    this.t4 = new Float64Array(n);
    this.tAhead = new Int32Array(n * AHEAD);
    this.sum = new Float64Array(frames);
    this.count = new Int32Array(frames);
    this.at = new Int32Array(frames).fill(-1);
  }

  /** readAhead fills the slots' next AHEAD frames from their cursors and moves the cursors past them (Stacks' node and advance, inline). */
  readAhead(lo: number, hi: number): void {
    const { pos, sub, stop, ahead } = this;
    const { locStart, single, frames } = this.st.fi;
    const locs = this.st.samples.frames;
    const dir = this.st.dir;
    for (let k = lo; k < hi; k++) {
      let p = pos[k];
      let s = sub[k];
      const end = stop[k];
      for (let j = k * AHEAD; j < (k + 1) * AHEAD; j++) {
        if (p === end) {
          ahead[j] = -1;
          continue;
        }
        const li = locs[p];
        const one = single[li];
        if (one >= 0) {
          ahead[j] = one;
          p += dir;
          continue;
        }
        ahead[j] = dir === -1 ? frames[locStart[li + 1] - 1 - s] : frames[locStart[li] + s];
        if (s + 1 < locStart[li + 1] - locStart[li]) {
          s++;
        } else {
          p += dir;
          s = 0;
        }
      }
      pos[k] = p;
      sub[k] = s;
    }
  }

  /** tally sums a group's slots by their frame at the group's depth (the off-th of their frames ahead). */
  tally(lo: number, hi: number, off: number): Group {
    const { w, sg, ahead, cf, sum, count } = this;
    const touched: number[] = [];
    let cum = 0;
    let delta = 0;
    let self = 0;
    for (let k = lo; k < hi; k++) {
      const wk = w[k];
      cum += wk;
      delta += sg[k];
      const f = ahead[k * AHEAD + off];
      cf[k] = f;
      if (f < 0) {
        self += wk;
        continue;
      }
      if (count[f] === 0) touched.push(f);
      count[f]++;
      sum[f] += wk;
    }
    return { cum, self, delta, touched };
  }

  /**
   * split moves the slots of the kept frames, in their order, to the start
   * of the group's range, and returns the child groups' bounds: child i is
   * slots [ranges[i], ranges[i + 1]).
   */
  split(lo: number, hi: number, kept: number[]): number[] {
    const { pos, sub, stop, w, sg, ahead, cf, count, at, t0, t1, t2, t3, t4, tAhead } = this;
    const ranges = [lo];
    let q = lo;
    for (const f of kept) {
      at[f] = q;
      q += count[f];
      ranges.push(q);
    }
    if (kept.length === 0) return ranges;
    for (let k = lo; k < hi; k++) {
      const f = cf[k];
      if (f < 0) continue;
      const slot = at[f];
      if (slot < 0) continue;
      t0[slot] = pos[k];
      t1[slot] = sub[k];
      t2[slot] = stop[k];
      t3[slot] = w[k];
      t4[slot] = sg[k];
      for (let j = 0; j < AHEAD; j++) tAhead[slot * AHEAD + j] = ahead[k * AHEAD + j];
      at[f] = slot + 1;
    }
    pos.set(t0.subarray(lo, q), lo);
    sub.set(t1.subarray(lo, q), lo);
    stop.set(t2.subarray(lo, q), lo);
    w.set(t3.subarray(lo, q), lo);
    sg.set(t4.subarray(lo, q), lo);
    ahead.set(tAhead.subarray(lo * AHEAD, q * AHEAD), lo * AHEAD);
    for (const f of kept) at[f] = -1;
    return ranges;
  }

  /** forget clears the tallies of a group's frames. */
  forget(touched: number[]): void {
    for (const f of touched) {
      this.count[f] = 0;
      this.sum[f] = 0;
    }
  }
}

