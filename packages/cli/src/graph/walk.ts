// The walk over samples behind every graph build, as in pprof's graph.New:
// each sample with a value, its frames callers first (the lines of a
// location outermost first), frames of nodes left out of the graph skipped.
// graphOf and tagsOf both run on this one walk, so a node's cum, flat and
// tags come from the same frames whatever each of them keeps. (nodeValues,
// which keeps every node, reads stacks directly; a test holds it to
// graphOf's values.)
//
// It is an iterator rather than a walk with callbacks: a callback per frame,
// shared by several callers, made -top on a 50 MB profile half again as
// slow, while one frames() call per sample filling reused buffers leaves
// each caller's loop over the frames inline.

import type { SampleColumns, SampleLabels, WProfile } from '@fluoro/profile';
import { MULTI, type FrameIndex } from './frameindex.js';

/** WalkOptions choose the sample value and the nodes a walk visits. */
export interface WalkOptions {
  sampleIndex: number;
  /** Index of the value to divide by for -mean, or -1. */
  meanIndex: number;
  /** Only nodes marked 1 are visited (all when undefined); frames of the others are skipped. */
  kept?: Uint8Array;
  /** Fill the walk's inline and residual flags, which graph edges need. */
  edges?: boolean;
}

// keptSingles is FrameIndex.single with kept applied: a location's node when
// it has one line and the node is kept, -1 when no node of the location is
// kept (the whole location is skipped), MULTI otherwise.
function keptSingles(fi: FrameIndex, kept: Uint8Array | undefined): Int32Array {
  if (!kept) return fi.single;
  const { locStart, frames } = fi;
  const single = new Int32Array(fi.single.length);
  for (let li = 0; li < single.length; li++) {
    let n = fi.single[li];
    if (n >= 0 && kept[n] === 0) n = -1;
    if (n === MULTI) {
      n = -1;
      for (let k = locStart[li]; k < locStart[li + 1]; k++) if (kept[frames[k]] === 1) n = MULTI;
    }
    single[li] = n;
  }
  return single;
}

/**
 * SampleWalk steps through the samples of a profile that have a value
 * (next), and lists the visited frames of the current one (frames), callers
 * first, in node[first .. end):
 *
 *     const walk = new SampleWalk(p, fi, o);
 *     while (walk.next()) {
 *       for (let i = walk.frames(); i < walk.end; i++) visit(walk.node[i], walk.inline[i], walk.residual[i]);
 *       if (walk.leaf >= 0) addFlat(walk.leaf);
 *     }
 *
 * A stack is read leaf first, as it is stored, and its frames are written
 * from the end of the buffers backwards: reading the frame column forwards
 * made the walk a third faster.
 */
export class SampleWalk {
  /** The current sample's labels, its weight and its -mean divisor. */
  labels!: SampleLabels;
  w = 0;
  dw = 0;
  /** After frames(): the visited nodes, callers first (a recursive node once per frame). */
  node = new Int32Array(256);
  /** After frames(), with o.edges: 1 where the node is a line inlined into the frame before it. */
  inline = new Uint8Array(256);
  /** After frames(), with o.edges: 1 where frames were skipped since the frame before it. */
  residual = new Uint8Array(256);
  /** After frames(): the end of the visited frames in node, inline and residual. */
  end = 0;
  /** After frames(): the innermost frame when it was visited (the node the flat value goes to), else -1. */
  leaf = -1;
  private at = 0;
  /** The current sample's frames are frames[from .. to). */
  private from = 0;
  private to = 0;
  private readonly samples: SampleColumns;
  private readonly sampleIndex: number;
  private readonly meanIndex: number;
  private readonly kept: Uint8Array | undefined;
  private readonly edges: boolean;
  private readonly locStart: Int32Array;
  private readonly lines: Int32Array;
  private readonly single: Int32Array;
  /** The most lines a location has: a stack's length times this bounds its frames, and the buffers' size. */
  private readonly maxLines: number;

  constructor(p: WProfile, fi: FrameIndex, o: WalkOptions) {
    this.samples = p.samples;
    this.sampleIndex = o.sampleIndex;
    this.meanIndex = o.meanIndex;
    this.kept = o.kept;
    this.edges = o.edges === true;
    this.locStart = fi.locStart;
    this.lines = fi.frames;
    this.single = keptSingles(fi, o.kept);
    let most = 1;
    for (let li = 0; li + 1 < fi.locStart.length; li++) most = Math.max(most, fi.locStart[li + 1] - fi.locStart[li]);
    this.maxLines = most;
  }

  /** next moves to the next sample with a value; false at the end. */
  next(): boolean {
    const { sampleIndex, meanIndex } = this;
    const { count, width, values } = this.samples;
    while (this.at < count) {
      const i = this.at++;
      const w = values[i * width + sampleIndex];
      const dw = meanIndex >= 0 ? values[i * width + meanIndex] : 0;
      if (w === 0 && dw === 0) continue;
      this.labels = this.samples.labels[i];
      this.from = this.samples.start[i];
      this.to = this.samples.end[i];
      this.w = w;
      this.dw = dw;
      return true;
    }
    return false;
  }

  /** frames lists the current sample's visited frames in node (and inline and residual), and returns where they start. */
  frames(): number {
    const { locStart, lines, kept, single, from, to, edges } = this;
    const locs = this.samples.frames;
    const room = (to - from) * this.maxLines;
    if (room > this.node.length) this.grow(room);
    const { node, inline, residual } = this;
    let pos = room;
    // Whether frames were skipped leafward of the frame last written, which
    // is then the one whose caller edge goes over them.
    let skipped = 0;
    let leaf = -1;
    for (let i = from; i < to; i++) {
      const li = locs[i];
      const n = single[li];
      if (n >= 0) {
        if (pos === room) leaf = skipped === 0 ? n : -1;
        else if (edges) residual[pos] = skipped;
        node[--pos] = n;
        if (edges) inline[pos] = 0;
        skipped = 0;
      } else if (n === -1) {
        skipped = 1;
      } else {
        const end = locStart[li + 1];
        for (let k = locStart[li]; k < end; k++) {
          const m = lines[k];
          if (kept && kept[m] === 0) {
            skipped = 1;
          } else {
            if (pos === room) leaf = skipped === 0 ? m : -1;
            else if (edges) residual[pos] = skipped;
            node[--pos] = m;
            if (edges) inline[pos] = k !== end - 1 ? 1 : 0;
            skipped = 0;
          }
        }
      }
    }
    // The outermost frame has no caller in the sample: no edge goes over
    // what was skipped above it.
    if (edges && pos < room) residual[pos] = 0;
    this.leaf = leaf;
    this.end = room;
    return pos;
  }

  private grow(size: number): void {
    this.node = new Int32Array(size);
    this.inline = new Uint8Array(size);
    this.residual = new Uint8Array(size);
  }
}
