// The main thread's CPU samples taken during a trace, as a timeline: when
// each sample was taken, which call-tree node it hit, the node's stack as
// trace frames, and the node's entry (the function the event loop called,
// the root's child on its path). Slices and waits are read off it.

import type { CpuProfile, CpuProfileNode } from '../v8-types.js';
import type { FrameNamer } from './frame-names.js';
import { MAX_STACK_DEPTH } from '../stack-capture.js';

/** SampleTimeline is a CPU profile arranged for lookups by time. */
export interface SampleTimeline {
  profile: CpuProfile;
  /** Sample times, microseconds, ascending. */
  times: number[];
  /** The node each sample hit. */
  nodes: number[];
  /** The function the event loop called on each node's path: the root's child, or the callback below Node's callbackTrampoline. */
  entryOf: Map<number, CpuProfileNode>;
  /** byId finds a node. */
  byId: Map<number, CpuProfileNode>;
  /** stackOf is a node's stack, leaf first, as trace frames. */
  stackOf(nodeId: number): string[];
  /** frameOf is one node's frame at its hottest line. */
  frameOf(nodeId: number): string;
  /** isIdle tells whether a node is V8's (idle). */
  isIdle(nodeId: number): boolean;
  /** The time each sample stands for after it, for the last one. */
  intervalMicros: number;
}

/** sampleTimeline indexes a V8 CPU profile. */
export function sampleTimeline(profile: CpuProfile, names: FrameNamer, intervalMicros: number): SampleTimeline {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const root = profile.nodes.find((n) => !parent.has(n.id)) ?? profile.nodes[0];
  const entryOf = new Map<number, CpuProfileNode>();
  const walk: [CpuProfileNode, CpuProfileNode | undefined][] = [[root, undefined]];
  entryOf.set(root.id, root);
  while (walk.length > 0) {
    const [node, above] = walk.pop()!;
    const entry = above ?? node;
    if (node !== root) entryOf.set(node.id, entry);
    // Node calls every callback through callbackTrampoline once an async hook is on: the callback is the entry.
    const passOn = node === root || isTrampoline(node) ? undefined : entry;
    for (const c of node.children ?? []) walk.push([byId.get(c)!, passOn]);
  }
  const times: number[] = [];
  let t = profile.startTime;
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < (profile.samples ?? []).length; i++) {
    t += deltas[i] ?? 0;
    times.push(t);
  }
  const frames = new Map<number, string>();
  const frameOf = (id: number): string => {
    let f = frames.get(id);
    if (f === undefined) {
      const node = byId.get(id)!;
      const ticks = node.positionTicks ?? [];
      const hot = ticks.reduce<{ line: number; ticks: number } | undefined>((best, p) => (best === undefined || p.ticks > best.ticks ? p : best), undefined);
      f = names.name(node.callFrame, hot?.line);
      frames.set(id, f);
    }
    return f;
  };
  const stacks = new Map<number, string[]>();
  return {
    profile,
    times,
    nodes: profile.samples ?? [],
    entryOf,
    byId,
    intervalMicros,
    frameOf,
    isIdle: (id) => byId.get(id)?.callFrame.functionName === '(idle)',
    stackOf(id) {
      let s = stacks.get(id);
      if (s === undefined) {
        s = [];
        for (let at: number | undefined = id; at !== undefined && at !== root.id && s.length < MAX_STACK_DEPTH; at = parent.get(at)) {
          s.push(frameOf(at));
        }
        stacks.set(id, s);
      }
      return s;
    },
  };
}

function isTrampoline(node: CpuProfileNode): boolean {
  return node.callFrame.functionName === 'callbackTrampoline' && node.callFrame.url === 'node:internal/async_hooks';
}

/** samplesBetween returns the indexes of the samples taken in [from, to]. */
export function samplesBetween(tl: SampleTimeline, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = lowerBound(tl.times, from); i < tl.times.length && tl.times[i] <= to; i++) out.push(i);
  return out;
}

/** lowerBound is the first index whose time is >= t. */
export function lowerBound(times: number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
