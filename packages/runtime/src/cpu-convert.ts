// Converts a V8 CPU profile (Profiler.stop) into a pprof CPU profile with
// Go's sample types. V8 records which call-tree node was running at each tick;
// per-line hits exist only as each node's positionTicks (self time by line),
// so the leaf frame gets the line that was executing and caller frames get
// their function's definition line: V8 does not record call-site lines.

import { emptyProfile, type Profile, type Sample } from '@fluoro/profile';
import { FrameTable } from './frames.js';
import type { CpuProfile, CpuProfileNode } from './v8-types.js';

/** CpuConvertOptions describes how the V8 profile was taken. */
export interface CpuConvertOptions {
  /** The sampling interval that was requested, in microseconds. */
  intervalMicros: number;
  /** Wall-clock time the profile started, in nanoseconds since the epoch. */
  timeNanos: number;
}

const IDLE = '(idle)';
const ROOT = '(root)';

/** cpuProfileToPprof converts a V8 CPU profile to pprof; idle ticks are dropped. */
export function cpuProfileToPprof(v8: CpuProfile, options: CpuConvertOptions): Profile {
  const byId = new Map<number, CpuProfileNode>();
  const parent = new Map<number, number>();
  for (const node of v8.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }

  // Self ticks and self time per node. V8's deltas measure the gap before
  // each tick; the gap after it is the time the tick stands for.
  const samples = v8.samples ?? [];
  const deltas = v8.timeDeltas ?? [];
  const ticks = new Map<number, number>();
  const micros = new Map<number, number>();
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i];
    const gap = i + 1 < deltas.length ? deltas[i + 1] : options.intervalMicros;
    ticks.set(id, (ticks.get(id) ?? 0) + 1);
    micros.set(id, (micros.get(id) ?? 0) + Math.max(gap, 0));
  }

  const frames = new FrameTable();
  const out: Sample[] = [];
  for (const [id, count] of ticks) {
    const node = byId.get(id);
    if (node === undefined || node.callFrame.functionName === IDLE || node.callFrame.functionName === ROOT) continue;
    const callers = [];
    for (let p = parent.get(id); p !== undefined; p = parent.get(p)) {
      const frame = byId.get(p)!.callFrame;
      if (frame.functionName !== ROOT) callers.push(frames.locationFor(frame));
    }
    const totalNanos = Math.round((micros.get(id) ?? 0) * 1000);
    for (const [line, lineTicks] of splitByLine(node, count)) {
      out.push({
        location: [frames.locationFor(node.callFrame, line), ...callers],
        value: [lineTicks, Math.round((totalNanos * lineTicks) / count)],
        label: [],
      });
    }
  }

  return {
    ...emptyProfile([
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ]),
    sample: out,
    location: frames.locations,
    function: frames.functions,
    timeNanos: options.timeNanos,
    durationNanos: Math.round((v8.endTime - v8.startTime) * 1000),
    periodType: { type: 'cpu', unit: 'nanoseconds' },
    period: options.intervalMicros * 1000,
  };
}

// splitByLine shares a node's ticks among the lines positionTicks names; ticks
// positionTicks does not account for stay on the definition line (undefined).
function splitByLine(node: CpuProfileNode, count: number): [number | undefined, number][] {
  const parts: [number | undefined, number][] = [];
  let left = count;
  for (const { line, ticks } of node.positionTicks ?? []) {
    const take = Math.min(ticks, left);
    if (take <= 0) break;
    parts.push([line, take]);
    left -= take;
  }
  if (left > 0) parts.push([undefined, left]);
  return parts;
}
