// The flame graph as data: every distinct call path of the (filtered,
// aggregated) profile as one node of a tree, as pprof's flame graph builds it
// from a call-tree graph without trimming. The tree goes to the browser as
// flat columns in preorder, so the UI lays it out in one pass and never sees
// the profile itself. Paths below a tiny share of the total are left out (a
// 50 MB profile has millions of them, none wider than a pixel) and counted.

import { frameIndex } from '../graph/graph.js';
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
}

/** DEFAULT_FLAME_OPTIONS keeps paths of at least 1/100000 of the total, at most 200k nodes. */
export const DEFAULT_FLAME_OPTIONS: FlameOptions = { minFraction: 1e-5, maxNodes: 200_000 };

/** Trie is the call tree in growable typed columns; children are linked lists. */
class Trie {
  size = 1;
  frame = new Int32Array(1 << 16).fill(-1);
  firstChild = new Int32Array(1 << 16).fill(-1);
  nextSibling = new Int32Array(1 << 16).fill(-1);
  cum = new Float64Array(1 << 16);
  self = new Float64Array(1 << 16);
  delta = new Float64Array(1 << 16);
  // (parent, frame) -> child, open addressing; keys stored as parent and frame columns.
  private hParent = new Int32Array(1 << 17).fill(-1);
  private hFrame = new Int32Array(1 << 17);
  private hChild = new Int32Array(1 << 17);

  child(parent: number, frame: number): number {
    let mask = this.hParent.length - 1;
    let h = (Math.imul(parent, 0x9e3779b1) ^ Math.imul(frame + 0x7f4a7c15, 0x85ebca77)) & mask;
    while (this.hParent[h] !== -1) {
      if (this.hParent[h] === parent && this.hFrame[h] === frame) return this.hChild[h];
      h = (h + 1) & mask;
    }
    const c = this.size++;
    if (c >= this.frame.length) this.growNodes();
    this.frame[c] = frame;
    this.nextSibling[c] = this.firstChild[parent];
    this.firstChild[parent] = c;
    if (this.size * 2 > this.hParent.length) {
      this.growHash();
      mask = this.hParent.length - 1;
      h = (Math.imul(parent, 0x9e3779b1) ^ Math.imul(frame + 0x7f4a7c15, 0x85ebca77)) & mask;
      while (this.hParent[h] !== -1) h = (h + 1) & mask;
    }
    this.hParent[h] = parent;
    this.hFrame[h] = frame;
    this.hChild[h] = c;
    return c;
  }

  private growNodes(): void {
    const n = this.frame.length * 2;
    const grow = <T extends Int32Array | Float64Array>(a: T, fill?: number): T => {
      const b = new (a.constructor as { new (n: number): T })(n);
      if (fill !== undefined) b.fill(fill);
      b.set(a);
      return b;
    };
    this.frame = grow(this.frame, -1);
    this.firstChild = grow(this.firstChild, -1);
    this.nextSibling = grow(this.nextSibling, -1);
    this.cum = grow(this.cum);
    this.self = grow(this.self);
    this.delta = grow(this.delta);
  }

  private growHash(): void {
    const { hParent, hFrame, hChild } = this;
    const n = hParent.length * 2;
    this.hParent = new Int32Array(n).fill(-1);
    this.hFrame = new Int32Array(n);
    this.hChild = new Int32Array(n);
    const mask = n - 1;
    for (let i = 0; i < hParent.length; i++) {
      const p = hParent[i];
      if (p === -1) continue;
      let h = (Math.imul(p, 0x9e3779b1) ^ Math.imul(hFrame[i] + 0x7f4a7c15, 0x85ebca77)) & mask;
      while (this.hParent[h] !== -1) h = (h + 1) & mask;
      this.hParent[h] = p;
      this.hFrame[h] = hFrame[i];
      this.hChild[h] = hChild[i];
    }
  }
}

/** flameGraph builds the flame graph of a report's profile for its sample value. */
export function flameGraph(rpt: Report, opts: FlameOptions = DEFAULT_FLAME_OPTIONS): FlameData {
  const p = rpt.prof;
  const si = rpt.options.sampleIndex;
  const fi = frameIndex(p, false);
  const { locStart, frames } = fi;
  const t = new Trie();
  let negative = false;
  for (const s of p.sample) {
    const w = s.value[si];
    if (w === 0) continue;
    if (w < 0) negative = true;
    const aw = Math.abs(w);
    let node = 0;
    t.cum[0] += aw;
    t.delta[0] += w;
    const locs = s.locs;
    // Callers first; a location's lines are innermost first, so walk them backwards.
    for (let i = locs.length - 1; i >= 0; i--) {
      const li = locs[i];
      for (let k = locStart[li + 1] - 1; k >= locStart[li]; k--) {
        node = t.child(node, frames[k]);
        t.cum[node] += aw;
        t.delta[node] += w;
      }
    }
    t.self[node] += aw;
  }

  let minValue = t.cum[0] * opts.minFraction;
  let kept = countAbove(t, minValue);
  while (kept > opts.maxNodes) {
    minValue *= 2;
    kept = countAbove(t, minValue);
  }
  return emit(t, fi.infos.map(printableName), fi.infos.map((i) => i.file), minValue, negative);
}

function countAbove(t: Trie, min: number): number {
  let n = 0;
  for (let i = 0; i < t.size; i++) if (t.cum[i] >= min) n++;
  return n;
}

// emit writes the kept nodes in preorder, children ordered by name so that a
// function keeps its place when filters change the numbers.
function emit(t: Trie, allNames: string[], allFiles: string[], minValue: number, negative: boolean): FlameData {
  const out: FlameData = { names: [], files: [], frame: [], depth: [], cum: [], self: [], elided: 0, minValue };
  if (negative) out.delta = [];
  const remap = new Map<number, number>();
  const stack: number[] = [0];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const d = depths.pop()!;
    const f = t.frame[n];
    let fo = -1;
    if (f >= 0) {
      fo = remap.get(f) ?? -1;
      if (fo < 0) {
        fo = out.names.length;
        remap.set(f, fo);
        out.names.push(allNames[f]);
        out.files.push(allFiles[f]);
      }
    }
    out.frame.push(fo);
    out.depth.push(d);
    out.cum.push(t.cum[n]);
    out.self.push(t.self[n]);
    out.delta?.push(t.delta[n]);
    const kids: number[] = [];
    for (let c = t.firstChild[n]; c !== -1; c = t.nextSibling[c]) {
      if (t.cum[c] >= minValue && t.cum[c] > 0) kids.push(c);
      else out.elided++;
    }
    kids.sort((a, b) => cmp(allNames[t.frame[a]], allNames[t.frame[b]]));
    for (let i = kids.length - 1; i >= 0; i--) {
      stack.push(kids[i]);
      depths.push(d + 1);
    }
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
