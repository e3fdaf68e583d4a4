// The CPU samples a trace carries, as Chrome writes them: a "Profile" event
// with the start time, then "ProfileChunk" events with call-tree nodes
// (each naming its parent), sample node ids and the time deltas between
// samples. cpuWindow turns the samples inside a time window into a pprof
// CPU profile, which the web UI's existing views then show.

import { parseCpuProfile, type Profile, type V8CpuProfileNode } from '@fluoro/profile';
import { isObject, own, traceError, type CheckedEvent } from './read.js';

/** CpuSamples is one thread's sampled call tree and its samples in time order. */
export interface CpuSamples {
  tid: number;
  nodes: V8CpuProfileNode[];
  /** Sample times, microseconds on the trace clock. */
  times: number[];
  /** The call-tree node of each sample. */
  ids: number[];
}

interface Building {
  tid: number;
  t: number;
  nodes: V8CpuProfileNode[];
  parents: Map<number, number>;
  times: number[];
  ids: number[];
}

function readFrame(raw: unknown, where: string): V8CpuProfileNode['callFrame'] {
  if (!isObject(raw)) throw traceError(`${where}: callFrame is not an object`);
  const f = {
    functionName: own(raw, 'functionName') ?? '',
    url: own(raw, 'url') ?? '',
    scriptId: String(own(raw, 'scriptId') ?? '0'),
    lineNumber: own(raw, 'lineNumber') ?? -1,
    columnNumber: own(raw, 'columnNumber') ?? -1,
  };
  if (typeof f.functionName !== 'string' || typeof f.url !== 'string') throw traceError(`${where}: functionName and url must be strings`);
  if (typeof f.lineNumber !== 'number' || typeof f.columnNumber !== 'number') throw traceError(`${where}: lineNumber and columnNumber must be numbers`);
  return f as V8CpuProfileNode['callFrame'];
}

function numbers(v: unknown, what: string): number[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((n) => typeof n === 'number' && Number.isFinite(n))) throw traceError(`${what} is not an array of numbers`);
  return v as number[];
}

function addChunk(b: Building, data: Record<string, unknown>, where: string): void {
  const profile = own(data, 'cpuProfile');
  if (profile !== undefined && !isObject(profile)) throw traceError(`${where}: cpuProfile is not an object`);
  const nodes = profile ? own(profile, 'nodes') ?? [] : [];
  if (!Array.isArray(nodes)) throw traceError(`${where}: cpuProfile.nodes is not an array`);
  for (const [i, n] of nodes.entries()) {
    if (!isObject(n) || typeof own(n, 'id') !== 'number') throw traceError(`${where}: node ${i} has no numeric id`);
    const id = own(n, 'id') as number;
    const parent = own(n, 'parent');
    if (parent !== undefined && typeof parent !== 'number') throw traceError(`${where}: node ${id}: parent is not a number`);
    if (parent !== undefined) b.parents.set(id, parent);
    b.nodes.push({ id, callFrame: readFrame(own(n, 'callFrame'), `${where}: node ${id}`) });
  }
  const ids = numbers(profile ? own(profile, 'samples') : undefined, `${where}: cpuProfile.samples`);
  const deltas = numbers(own(data, 'timeDeltas'), `${where}: timeDeltas`);
  if (deltas.length !== ids.length) throw traceError(`${where}: ${ids.length} samples vs. ${deltas.length} time deltas`);
  for (let i = 0; i < ids.length; i++) {
    b.t += deltas[i];
    b.times.push(b.t);
    b.ids.push(ids[i]);
  }
}

/** readCpuSamples collects the CPU profiles of a trace's Profile and ProfileChunk events, one per profile id, in the order they began. */
export function readCpuSamples(events: CheckedEvent[]): CpuSamples[] {
  const byId = new Map<string, Building>();
  events.forEach((e, i) => {
    if (e.ph !== 'P' || (e.name !== 'Profile' && e.name !== 'ProfileChunk')) return;
    const where = `traceEvents[${i}]: ${e.name}`;
    const data = own(e.args, 'data');
    if (!isObject(data)) throw traceError(`${where}: args.data is not an object`);
    const key = e.id ?? '';
    let b = byId.get(key);
    if (e.name === 'Profile') {
      const start = own(data, 'startTime') ?? e.ts;
      if (typeof start !== 'number') throw traceError(`${where}: startTime is not a number`);
      b = { tid: e.tid, t: start, nodes: [], parents: new Map(), times: [], ids: [] };
      byId.set(key, b);
      return;
    }
    if (b === undefined) throw traceError(`${where}: no Profile event with id ${JSON.stringify(key)} before it`);
    addChunk(b, data, where);
  });
  return [...byId.values()].map((b) => {
    const children = new Map<number, number[]>();
    for (const [child, parent] of b.parents) children.set(parent, [...(children.get(parent) ?? []), child]);
    const nodes = b.nodes.map((n) => ({ ...n, children: children.get(n.id) ?? [] }));
    return { tid: b.tid, nodes, times: b.times, ids: b.ids };
  });
}

/** CpuWindow selects samples by time: [from, to) in microseconds on the trace clock. */
export interface CpuWindow {
  from: number;
  to: number;
}

/** countInWindow is how many samples fall in the window. */
export function countInWindow(cpu: CpuSamples, w: CpuWindow): number {
  let n = 0;
  for (const t of cpu.times) if (t >= w.from && t < w.to) n++;
  return n;
}

/**
 * cpuWindow is a pprof CPU profile (samples/count, cpu/nanoseconds) of the
 * samples in the window, idle ones dropped as every CPU profile drops them.
 * Each sample stands for the time to the next one, as in V8's own files.
 */
export function cpuWindow(cpu: CpuSamples, w: CpuWindow): Profile {
  const samples: number[] = [];
  const deltas: number[] = [];
  let last = w.from;
  for (let i = 0; i < cpu.times.length; i++) {
    const t = cpu.times[i];
    if (t < w.from || t >= w.to) continue;
    samples.push(cpu.ids[i]);
    deltas.push(t - last);
    last = t;
  }
  return parseCpuProfile({ nodes: cpu.nodes, startTime: w.from, endTime: w.to, samples, timeDeltas: deltas });
}
