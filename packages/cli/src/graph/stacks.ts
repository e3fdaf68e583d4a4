// Stacks recorded by a walk over a set of kept nodes, so that later graphs
// over a subset of those nodes read the recorded frames instead of walking
// every location of every sample again. The dot report and -top keep the
// nodes above -nodefraction, then a few of them: on a 50 MB profile that is
// a third of the frames, packed two bytes each, against a walk over
// 29 million locations for each graph (and for the tags in between).
//
// A frame is recorded as one 16-bit code: the node's number among the
// recorded nodes, and whether it is the sample's leaf, ends a residual edge
// or is an inlined line. Codes sit in chunks that a stack never crosses, so
// the recording grows without copying.

import type { SampleColumns, SampleLabels, WProfile } from '@fluoro/profile';
import type { FrameIndex } from './frameindex.js';
import { narrowFrames, SampleWalk, type FrameWalk, type WalkOptions } from './walk.js';

// A code is (node << 3) | LEAF | RESIDUAL | INLINE.
const INLINE = 1;
const RESIDUAL = 2;
const LEAF = 4;
/** MAX_NODES is how many nodes fit in a code beside its three flags. */
const MAX_NODES = 1 << 13;
/** CHUNK_BITS makes chunks of a million codes, 2 MB. */
const CHUNK_BITS = 20;

/** KeptStacks are the visited frames of every sample of a walk over the nodes marked in kept. */
export interface KeptStacks {
  /** The columns the stacks are of, and the value that chose their samples. */
  samples: SampleColumns;
  sampleIndex: number;
  meanIndex: number;
  /** 1 for the nodes recorded. */
  kept: Uint8Array;
  /** The node of each number in a code. */
  nodes: Int32Array;
  /** The number of stacks: stack i is sample[i]'s, at positions start[i] .. end[i] of the chunks. */
  count: number;
  /** A position is a chunk's number shifted left by chunkBits, plus the place in the chunk. */
  chunkBits: number;
  sample: Int32Array;
  start: Int32Array;
  end: Int32Array;
  chunks: Uint16Array[];
}

/** RecorderOptions bound a recording: past limit frames it gives up, as it does over too many nodes. */
export interface RecorderOptions {
  sampleIndex: number;
  meanIndex: number;
  limit: number;
  /** Chunks hold 2^chunkBits codes (default 20; tests make them small). */
  chunkBits?: number;
}

/**
 * StackRecorder records the frames a SampleWalk visits (WalkOptions.record),
 * and gives them up when they would take more than the limit or the
 * recorded nodes do not fit in a code: the walk then goes on unrecorded.
 */
export class StackRecorder {
  private readonly local: Int32Array;
  private readonly nodes: number[] = [];
  private count = 0;
  private readonly sample: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly chunks: Uint16Array[] = [];
  /** Where the next stack goes in the last chunk. */
  private at = 0;
  private frames = 0;
  private failed = false;
  private readonly chunkBits: number;
  private readonly chunk: number;

  constructor(
    private readonly samples: SampleColumns,
    readonly kept: Uint8Array,
    private readonly o: RecorderOptions,
  ) {
    this.chunkBits = o.chunkBits ?? CHUNK_BITS;
    this.chunk = 1 << this.chunkBits;
    this.local = new Int32Array(kept.length).fill(-1);
    for (let n = 0; n < kept.length; n++) if (kept[n] === 1) this.local[n] = this.nodes.push(n) - 1;
    this.failed = this.nodes.length > MAX_NODES;
    const room = this.failed ? 0 : samples.count;
    this.sample = new Int32Array(room);
    this.start = new Int32Array(room);
    this.end = new Int32Array(room);
  }

  /** add records the current sample of a walk, whose visited frames start at first. */
  add(w: SampleWalk, first: number): void {
    const len = w.end - first;
    if (this.failed || len === 0) return;
    this.frames += len;
    if (this.frames > this.o.limit || len > this.chunk) {
      this.giveUp();
      return;
    }
    if (this.chunks.length === 0 || this.at + len > this.chunk) {
      this.chunks.push(new Uint16Array(this.chunk));
      this.at = 0;
    }
    const pos = ((this.chunks.length - 1) << this.chunkBits) + this.at;
    const codes = this.chunks[this.chunks.length - 1];
    let at = this.at;
    const { node, inline, residual, end } = w;
    const local = this.local;
    for (let i = first; i < end; i++) codes[at++] = (local[node[i]] << 3) | (residual[i] << 1) | inline[i];
    if (w.leaf >= 0) codes[at - 1] |= LEAF;
    const k = this.count++;
    this.sample[k] = w.sample;
    this.start[k] = pos;
    this.end[k] = pos + len;
    this.at = at;
  }

  private giveUp(): void {
    this.failed = true;
    this.chunks.length = 0;
  }

  /** finish returns the stacks recorded, or undefined when the recorder gave up. */
  finish(): KeptStacks | undefined {
    if (this.failed) return undefined;
    const { samples, kept, count } = this;
    // The last chunk is cut to what it holds; the others are full but for the end of a stack that did not fit.
    const last = this.chunks.length - 1;
    if (last >= 0) this.chunks[last] = this.chunks[last].slice(0, this.at);
    return {
      samples,
      sampleIndex: this.o.sampleIndex,
      meanIndex: this.o.meanIndex,
      kept,
      nodes: Int32Array.from(this.nodes),
      count,
      chunkBits: this.chunkBits,
      sample: this.sample.slice(0, count),
      start: this.start.slice(0, count),
      end: this.end.slice(0, count),
      chunks: this.chunks,
    };
  }
}

/**
 * StackWalk is the FrameWalk over recorded stacks, visiting the nodes
 * marked in kept (a subset of the recorded ones; all of them when
 * undefined). Its samples are the recording's: those with a value that
 * visit some recorded node.
 */
export class StackWalk implements FrameWalk {
  labels!: SampleLabels;
  w = 0;
  dw = 0;
  node = new Int32Array(256);
  inline = new Uint8Array(256);
  residual = new Uint8Array(256);
  end = 0;
  leaf = -1;
  private at = -1;

  constructor(
    private readonly st: KeptStacks,
    private readonly kept: Uint8Array | undefined,
  ) {}

  next(): boolean {
    const st = this.st;
    if (++this.at >= st.count) return false;
    const s = st.sample[this.at];
    const { width, values, labels } = st.samples;
    this.w = values[s * width + st.sampleIndex];
    this.dw = st.meanIndex >= 0 ? values[s * width + st.meanIndex] : 0;
    this.labels = labels[s];
    return true;
  }

  frames(): number {
    const st = this.st;
    const from = st.start[this.at];
    const len = st.end[this.at] - from;
    if (len > this.node.length) {
      this.node = new Int32Array(len);
      this.inline = new Uint8Array(len);
      this.residual = new Uint8Array(len);
    }
    const { node, inline, residual } = this;
    const codes = st.chunks[from >>> st.chunkBits];
    const nodes = st.nodes;
    const at = from & ((1 << st.chunkBits) - 1);
    for (let i = 0; i < len; i++) {
      const c = codes[at + i];
      node[i] = nodes[c >> 3];
      inline[i] = c & INLINE;
      residual[i] = (c & RESIDUAL) >> 1;
    }
    this.end = len;
    this.leaf = len > 0 && (codes[at + len - 1] & LEAF) !== 0 ? node[len - 1] : -1;
    return this.kept ? narrowFrames(this, 0, this.kept) : 0;
  }
}

/** walkOf opens the walk a graph build reads: over o.stacks when given, else over the profile. */
export function walkOf(p: WProfile, fi: FrameIndex, o: WalkOptions): FrameWalk {
  if (o.stacks) {
    const st = o.stacks;
    if (st.samples !== p.samples || st.sampleIndex !== o.sampleIndex || st.meanIndex !== o.meanIndex) {
      throw new Error('walkOf: the stacks were recorded from other samples or for another value');
    }
    return new StackWalk(st, o.kept);
  }
  return new SampleWalk(p, fi, o);
}
