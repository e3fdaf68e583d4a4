// Reading a trace file as /debug/pprof/trace serves it (docs/trace-format.md):
// gzip'd or plain Chrome Trace Event JSON in its object form. Reading checks
// the fields fluoro uses and nothing more, so a trace from another tool
// still opens, and any damage is one line naming what and where
// ("parsing trace: traceEvents[12]: ts is not a number"). Strings stay as
// the file has them: whoever prints them makes them safe for where they go.

import { gunzipSync } from 'node:zlib';
import { AnalyzerError } from '../errors.js';
import { printable } from './text.js';

/** CheckedEvent is one Chrome trace event with the fields fluoro reads, checked. */
export interface CheckedEvent {
  name: string;
  ph: string;
  cat: string;
  pid: number;
  tid: number;
  /** Microseconds on the trace clock; 0 for metadata (M) events without one. */
  ts: number;
  dur?: number;
  /** The async id of b/e/n events, as a string. */
  id?: string;
  /** The event's args, an empty object when absent. */
  args: Record<string, unknown>;
}

/** RawWait is one entry of metadata.fluoro.waits. */
export interface RawWait {
  type: string;
  ts: number;
  dur: number;
  stack: string[];
  weight: number;
}

/** FluoroMeta is metadata.fluoro: what the endpoint knew about the trace as a whole. */
export interface FluoroMeta {
  version: number;
  startTs: number;
  endTs: number;
  timeNanos: number;
  pid: number;
  mainTid: number;
  categories: string[];
  detail: string;
  sampleIntervalMicros: number;
  loop?: { activeMs: number; idleMs: number; utilization: number };
  recorder: boolean;
  dropped: Dropped;
  waits: RawWait[];
}

/** Dropped is what the endpoint lost: bytes its reader fell behind on, and records and Node events over its caps. */
export interface Dropped {
  ringBytes: number;
  records: number;
  nodeEvents: number;
}

/** ReadTrace is a read trace: its events in file order and fluoro's metadata when it has some. */
export interface ReadTrace {
  events: CheckedEvent[];
  fluoro?: FluoroMeta;
}

/** MAX_TRACE_BYTES bounds a trace's JSON text: V8 cannot hold a longer string. */
export const MAX_TRACE_BYTES = 512 * 1024 * 1024;

/** traceError is a damaged trace: "parsing trace: " and what is wrong where. */
export function traceError(message: string, cause?: unknown): AnalyzerError {
  return new AnalyzerError(`parsing trace: ${message}`, { code: 'ERR_TRACE', ...(cause !== undefined ? { cause } : {}) });
}

const fail = traceError;

/** isObject reports whether v is a JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** own reads a key the JSON itself set, never one inherited from Object's prototype ("constructor" is a function on every plain object). */
export function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function inflate(bytes: Uint8Array): Buffer {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_TRACE_BYTES });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE') throw fail(`uncompressed data exceeds the limit of ${MAX_TRACE_BYTES} bytes`, err);
    throw fail(`gzip: ${e.message}`, err);
  }
}

function parseJSON(bytes: Uint8Array): unknown {
  const data = inflate(bytes);
  if (data.length === 0) throw fail('empty input');
  if (data.length > MAX_TRACE_BYTES) throw fail(`data exceeds the limit of ${MAX_TRACE_BYTES} bytes`);
  try {
    return JSON.parse(data.toString('utf8'));
  } catch (err) {
    // V8's message may quote the input; it is the file's text, so made printable.
    throw fail(`not JSON: ${printable((err as Error).message).slice(0, 200)}`, err);
  }
}

function readEvent(raw: unknown, i: number): CheckedEvent {
  const where = `traceEvents[${i}]`;
  if (!isObject(raw)) throw fail(`${where} is not an object`);
  const ph = own(raw, 'ph');
  if (typeof ph !== 'string') throw fail(`${where}: ph is not a string`);
  const name = own(raw, 'name') ?? '';
  if (typeof name !== 'string') throw fail(`${where}: name is not a string`);
  const cat = own(raw, 'cat') ?? '';
  if (typeof cat !== 'string') throw fail(`${where}: cat is not a string`);
  const num = (key: string, required: boolean): number | undefined => {
    const v = own(raw, key);
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(`${where}: ${key} is not a number`);
    return v;
  };
  const ts = num('ts', ph !== 'M') ?? 0;
  const dur = num('dur', ph === 'X');
  const args = own(raw, 'args') ?? {};
  if (!isObject(args)) throw fail(`${where}: args is not an object`);
  const ev: CheckedEvent = { name, ph, cat, pid: num('pid', false) ?? 0, tid: num('tid', false) ?? 0, ts, args };
  if (dur !== undefined) ev.dur = dur;
  const id = own(raw, 'id');
  if (typeof id === 'string' || typeof id === 'number') ev.id = String(id);
  else if (id !== undefined) throw fail(`${where}: id is not a string or number`);
  return ev;
}

function readWait(raw: unknown, i: number): RawWait {
  const where = `metadata.fluoro.waits[${i}]`;
  if (!isObject(raw)) throw fail(`${where} is not an object`);
  const type = own(raw, 'type');
  const stack = own(raw, 'stack');
  const weight = own(raw, 'weight') ?? 1;
  if (typeof type !== 'string') throw fail(`${where}: type is not a string`);
  if (!Array.isArray(stack) || !stack.every((f) => typeof f === 'string')) throw fail(`${where}: stack is not an array of strings`);
  const nums = { ts: own(raw, 'ts'), dur: own(raw, 'dur'), weight };
  for (const [k, v] of Object.entries(nums)) if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(`${where}: ${k} is not a number`);
  return { type, ts: nums.ts as number, dur: nums.dur as number, stack: stack as string[], weight: nums.weight as number };
}

// readDropped takes metadata.fluoro.dropped in either form: a count of
// records (the first traces), or the counts by kind.
function readDropped(raw: unknown): Dropped {
  if (raw === undefined) return { ringBytes: 0, records: 0, nodeEvents: 0 };
  if (typeof raw === 'number' && Number.isFinite(raw)) return { ringBytes: 0, records: raw, nodeEvents: 0 };
  if (!isObject(raw)) throw fail('metadata.fluoro.dropped is not a number or an object');
  // The endpoint writes { bytes, nodeEvents } (TraceDropped); ringBytes and records are an earlier form of the same.
  const d = { ringBytes: own(raw, 'bytes') ?? own(raw, 'ringBytes') ?? 0, records: own(raw, 'records') ?? 0, nodeEvents: own(raw, 'nodeEvents') ?? 0 };
  for (const [k, v] of Object.entries(d)) if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(`metadata.fluoro.dropped.${k} is not a number`);
  return d as Dropped;
}

function readMeta(raw: unknown): FluoroMeta | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) throw fail('metadata.fluoro is not an object');
  const num = (key: string, fallback?: number): number => {
    const v = own(raw, key) ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(`metadata.fluoro.${key} is not a number`);
    return v;
  };
  const loopRaw = own(raw, 'loop');
  let loop: FluoroMeta['loop'];
  if (loopRaw !== undefined) {
    if (!isObject(loopRaw)) throw fail('metadata.fluoro.loop is not an object');
    const [activeMs, idleMs, utilization] = ['activeMs', 'idleMs', 'utilization'].map((k) => own(loopRaw, k));
    if (![activeMs, idleMs, utilization].every((v) => typeof v === 'number' && Number.isFinite(v))) throw fail('metadata.fluoro.loop: activeMs, idleMs and utilization must be numbers');
    loop = { activeMs: activeMs as number, idleMs: idleMs as number, utilization: utilization as number };
  }
  const waits = own(raw, 'waits') ?? [];
  if (!Array.isArray(waits)) throw fail('metadata.fluoro.waits is not an array');
  const categories = own(raw, 'categories') ?? [];
  if (!Array.isArray(categories) || !categories.every((c) => typeof c === 'string')) throw fail('metadata.fluoro.categories is not an array of strings');
  const detail = own(raw, 'detail') ?? 'default';
  if (typeof detail !== 'string') throw fail('metadata.fluoro.detail is not a string');
  const startTs = num('startTs');
  const endTs = num('endTs');
  if (endTs < startTs) throw fail('metadata.fluoro: endTs is before startTs');
  return {
    version: num('version', 1),
    startTs,
    endTs,
    timeNanos: num('timeNanos', 0),
    pid: num('pid', 0),
    mainTid: num('mainTid', 0),
    categories: categories as string[],
    detail,
    sampleIntervalMicros: num('sampleIntervalMicros', 1000),
    ...(loop ? { loop } : {}),
    recorder: own(raw, 'recorder') !== false,
    dropped: readDropped(own(raw, 'dropped')),
    waits: waits.map(readWait),
  };
}

/** readTrace parses a trace file's bytes (gzip'd or not), checking the fields fluoro reads. */
export function readTrace(bytes: Uint8Array): ReadTrace {
  const doc = parseJSON(bytes);
  if (!isObject(doc)) throw fail('not a trace: want a JSON object with a traceEvents array');
  const events = own(doc, 'traceEvents');
  if (!Array.isArray(events)) throw fail('no traceEvents array');
  const meta = own(doc, 'metadata');
  if (meta !== undefined && !isObject(meta)) throw fail('metadata is not an object');
  const fluoro = readMeta(meta === undefined ? undefined : own(meta, 'fluoro'));
  return { events: events.map(readEvent), ...(fluoro ? { fluoro } : {}) };
}
