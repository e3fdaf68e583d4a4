// V8's CPU profile JSON, the `.cpuprofile` files that Chrome DevTools and
// `node --cpu-prof` write and read, to and from the pprof model.
//
// Reading: V8 records which call-tree node ran at each tick; per-line hits
// exist only as each node's positionTicks (self time by line), so the leaf
// frame gets the line that was executing and caller frames their function's
// definition line (V8 does not record call-site lines). Idle ticks are
// dropped, as Go's profiler does not count an idle program.
//
// Writing: pprof keeps no time order, so the written timeline holds each
// stack's ticks together; DevTools' bottom-up and call tree views are exact,
// its chart view shows stacks grouped rather than as they happened.

import { ProfileError } from './errors.js';
import { emptyProfile, type Label, type Profile, type Sample } from './model.js';
import { V8FrameTable, type V8CallFrame } from './v8-frames.js';
import type { SourceMapper } from './v8-source-map.js';
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';

/** V8CpuProfileNode is one node of V8's CPU call tree. */
export interface V8CpuProfileNode {
  id: number;
  callFrame: V8CallFrame;
  hitCount?: number;
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}

/** V8CpuProfile is a `.cpuprofile` document; times are microseconds. */
export interface V8CpuProfile {
  nodes: V8CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** V8ReadOptions controls how V8 profiles are read. */
export interface V8ReadOptions {
  /** Maps frames through the scripts' source maps when the scripts exist on disk. */
  sourceMaps?: SourceMapper;
}

const IDLE = '(idle)';
const ROOT = '(root)';

/** V8CallTree indexes a CPU profile's call tree: nodes by id, and each node's parent. */
export interface V8CallTree {
  byId: Map<number, V8CpuProfileNode>;
  parent: Map<number, number>;
}

/** callTree indexes the nodes of a CPU profile. */
export function callTree(nodes: V8CpuProfileNode[]): V8CallTree {
  const byId = new Map<number, V8CpuProfileNode>();
  const parent = new Map<number, number>();
  for (const node of nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  return { byId, parent };
}

/**
 * nodeSamples turns `count` ticks (`micros` of CPU) of one call-tree node
 * into samples: one per line its positionTicks name (ticks they do not
 * account for stay on the definition line), its callers' frames after its
 * own. Idle and root ticks make none: Go does not count an idle program.
 */
export function nodeSamples(tree: V8CallTree, frames: V8FrameTable, id: number, count: number, micros: number, label: Label[]): Sample[] {
  const node = tree.byId.get(id);
  if (node === undefined || node.callFrame.functionName === IDLE || node.callFrame.functionName === ROOT) return [];
  const callers = [];
  for (let p = tree.parent.get(id); p !== undefined; p = tree.parent.get(p)) {
    const frame = tree.byId.get(p)!.callFrame;
    if (frame.functionName !== ROOT) callers.push(frames.locationFor(frame));
  }
  const nanos = Math.round(micros * 1000);
  const out: Sample[] = [];
  let left = count;
  for (const { line, ticks } of node.positionTicks ?? []) {
    const take = Math.min(ticks, left);
    if (take <= 0) break;
    out.push({ location: [frames.locationFor(node.callFrame, line), ...callers], value: [take, Math.round((nanos * take) / count)], label });
    left -= take;
  }
  if (left > 0) out.push({ location: [frames.locationFor(node.callFrame), ...callers], value: [left, Math.round((nanos * left) / count)], label });
  return out;
}

/** parseCpuProfile converts a `.cpuprofile` document into a pprof CPU profile (samples/count, cpu/nanoseconds). */
export function parseCpuProfile(doc: V8CpuProfile, options: V8ReadOptions = {}): Profile {
  checkCpuProfile(doc);
  const tree = callTree(doc.nodes);

  const samples = doc.samples ?? [];
  const deltas = doc.timeDeltas ?? [];
  const periodMicros = typicalDelta(deltas);
  const ticks = new Map<number, { count: number; micros: number }>();
  for (let i = 0; i < samples.length; i++) {
    const t = ticks.get(samples[i]) ?? { count: 0, micros: 0 };
    t.count++;
    t.micros += tickMicros(deltas, i, periodMicros);
    ticks.set(samples[i], t);
  }
  // Files without samples (old formats) still carry hit counts.
  if (samples.length === 0) {
    for (const n of doc.nodes) if ((n.hitCount ?? 0) > 0) ticks.set(n.id, { count: n.hitCount!, micros: n.hitCount! * periodMicros });
  }

  const frames = new V8FrameTable(options.sourceMaps);
  const out: Sample[] = [];
  for (const [id, { count, micros }] of [...ticks].sort((a, b) => a[0] - b[0])) {
    if (!tree.byId.has(id)) throw new ProfileError('ERR_PROFILE_INVALID', `parsing cpuprofile: sample names node ${id}, which is not in the tree`);
    out.push(...nodeSamples(tree, frames, id, count, micros, []));
  }

  return cpuProfileOf({
    sample: out,
    frames,
    durationNanos: Math.max(0, Math.round((doc.endTime - doc.startTime) * 1000)),
    periodNanos: Math.round(periodMicros * 1000),
  });
}

/** tickMicros is the time V8's tick i stands for: the gap after it (V8's delta is the gap before it), or the sampling interval after the last tick. */
export function tickMicros(deltas: number[], i: number, periodMicros: number): number {
  return Math.max(i + 1 < deltas.length ? deltas[i + 1] : periodMicros, 0);
}

/** CpuProfileParts are what cpuProfileOf assembles a CPU profile from. */
export interface CpuProfileParts {
  sample: Sample[];
  /** The table the samples' locations come from. */
  frames: V8FrameTable;
  /** When the profile started, in nanoseconds since the epoch; 0 when unknown. */
  timeNanos?: number;
  durationNanos: number;
  periodNanos: number;
}

/** cpuProfileOf assembles a CPU profile with Go's sample types (samples/count, cpu/nanoseconds) from converted V8 samples. */
export function cpuProfileOf({ sample, frames, timeNanos = 0, durationNanos, periodNanos }: CpuProfileParts): Profile {
  return {
    ...emptyProfile([
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ]),
    sample,
    location: frames.locations,
    function: frames.functions,
    timeNanos,
    durationNanos,
    periodType: { type: 'cpu', unit: 'nanoseconds' },
    period: periodNanos,
  };
}

// typicalDelta is the median gap between ticks: the sampling interval the
// profile actually had (V8 runs late under load, so the requested one is not it).
function typicalDelta(deltas: number[]): number {
  const positive = deltas.filter((d) => d > 0).sort((a, b) => a - b);
  if (positive.length === 0) return 1000;
  return positive[positive.length >> 1];
}

function checkCpuProfile(doc: V8CpuProfile): void {
  if (!Array.isArray(doc.nodes)) throw new ProfileError('ERR_PROFILE_INVALID', 'parsing cpuprofile: no "nodes" array');
  if (typeof doc.startTime !== 'number' || typeof doc.endTime !== 'number') {
    throw new ProfileError('ERR_PROFILE_INVALID', 'parsing cpuprofile: "startTime" and "endTime" must be numbers');
  }
  for (const n of doc.nodes) {
    if (typeof n?.id !== 'number' || typeof n.callFrame !== 'object' || n.callFrame === null) {
      throw new ProfileError('ERR_PROFILE_INVALID', 'parsing cpuprofile: a node without "id" or "callFrame"');
    }
  }
  const samples = doc.samples ?? [];
  const deltas = doc.timeDeltas ?? [];
  if (!Array.isArray(samples) || !Array.isArray(deltas)) throw new ProfileError('ERR_PROFILE_INVALID', 'parsing cpuprofile: "samples" and "timeDeltas" must be arrays');
  if (deltas.length > 0 && deltas.length !== samples.length) {
    throw new ProfileError('ERR_PROFILE_INVALID', `parsing cpuprofile: ${samples.length} samples vs. ${deltas.length} time deltas`);
  }
}

/** CpuProfileWriteOptions chooses what a written `.cpuprofile` counts. */
export interface CpuProfileWriteOptions {
  /** The sample type whose values become ticks; defaults to samples/count, else the default sample type. */
  sampleIndex?: number;
}

/**
 * toCpuProfile writes a pprof CPU profile as a `.cpuprofile` document for
 * Chrome DevTools. Ticks come from the count sample type; their times from
 * cpu/nanoseconds when present, else from the period.
 */
export function toCpuProfile(profile: Profile, options: CpuProfileWriteOptions = {}): V8CpuProfile {
  const types = profile.sampleType;
  const countIndex = options.sampleIndex ?? defaultCountIndex(profile);
  if (!Number.isInteger(countIndex) || countIndex < 0 || countIndex >= types.length) {
    throw new TypeError(`toCpuProfile: sampleIndex must be an integer in [0, ${types.length}), got ${String(options.sampleIndex)}`);
  }
  const nanosIndex = types.findIndex((t) => t.unit === 'nanoseconds');
  const periodNanos = profile.periodType?.unit === 'nanoseconds' && profile.period > 0 ? profile.period : 10_000_000;

  const root: V8CpuProfileNode = { id: 1, callFrame: callFrameOf('(root)', '', 0), hitCount: 0, children: [] };
  const nodes = [root];
  const childIndex = new Map<V8CpuProfileNode, Map<string, V8CpuProfileNode>>();
  const lineTicks = new Map<V8CpuProfileNode, Map<number, number>>();
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let elapsedMicros = 0;
  let written = 0;

  for (const s of profile.sample) {
    const ticks = s.value[countIndex];
    if (!(ticks > 0) || s.location.length === 0) continue;
    let node = root;
    // Root first; a location's inlined lines are innermost first.
    for (let i = s.location.length - 1; i >= 0; i--) {
      const lines = s.location[i].line;
      for (let j = lines.length - 1; j >= 0; j--) {
        const fn = lines[j].function;
        const key = `${fn.name}\0${fn.filename}\0${fn.startLine}`;
        let kids = childIndex.get(node);
        if (kids === undefined) childIndex.set(node, (kids = new Map()));
        let child = kids.get(key);
        if (child === undefined) {
          child = { id: nodes.length + 1, callFrame: callFrameOf(fn.name, fn.filename, fn.startLine), hitCount: 0, children: [] };
          nodes.push(child);
          node.children!.push(child.id);
          kids.set(key, child);
        }
        node = child;
      }
    }
    node.hitCount! += ticks;
    const leafLine = s.location[0].line[0]?.line ?? 0;
    if (leafLine > 0) {
      let byLine = lineTicks.get(node);
      if (byLine === undefined) lineTicks.set(node, (byLine = new Map()));
      byLine.set(leafLine, (byLine.get(leafLine) ?? 0) + ticks);
    }
    const tickMicros = (nanosIndex >= 0 ? s.value[nanosIndex] / ticks : periodNanos) / 1000;
    for (let t = 0; t < ticks; t++) {
      samples.push(node.id);
      // A delta is the gap before its tick, so each tick's time goes on the
      // next delta; rounding the running total keeps sums exact.
      timeDeltas.push(Math.round(elapsedMicros) - written);
      written = Math.round(elapsedMicros);
      elapsedMicros += tickMicros;
    }
  }
  for (const [node, byLine] of lineTicks) {
    node.positionTicks = [...byLine].sort((a, b) => a[0] - b[0]).map(([line, ticks]) => ({ line, ticks }));
  }
  // DevTools draws times relative to startTime; anchor at the profile's wall clock.
  const startTime = Math.round(profile.timeNanos / 1000);
  return { nodes, startTime, endTime: startTime + Math.max(elapsedMicros, Math.round(profile.durationNanos / 1000)), samples, timeDeltas };
}

function defaultCountIndex(profile: Profile): number {
  const samples = profile.sampleType.findIndex((t) => t.type === 'samples' && t.unit === 'count');
  if (samples >= 0) return samples;
  const named = profile.sampleType.findIndex((t) => t.type === profile.defaultSampleType);
  return named >= 0 ? named : profile.sampleType.length - 1;
}

// callFrameOf gives DevTools a URL it can open for a file path.
function callFrameOf(name: string, file: string, startLine: number): V8CallFrame {
  const url = isAbsolute(file) ? pathToFileURL(file).href : file;
  return { functionName: name === '(anonymous)' ? '' : name, scriptId: '0', url, lineNumber: startLine - 1, columnNumber: 0 };
}
