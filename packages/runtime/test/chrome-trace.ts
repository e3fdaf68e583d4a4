// Checks a trace file against Chrome's Trace Event Format (the fields each
// phase requires, begin/end pairing) and reads it back for the tests.

import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import type { TraceEvent as RuntimeTraceEvent } from '../src/trace/events.js';

/** TraceEvent is an event as the tests read it: the runtime's own shape, with args the tests can index freely. */
export type TraceEvent = Omit<RuntimeTraceEvent, 'args'> & { args?: Record<string, any> };

/** TraceFile is a parsed trace. */
export interface TraceFile {
  traceEvents: TraceEvent[];
  metadata: { fluoro: Record<string, any> };
}

const PHASES = new Set(['B', 'E', 'X', 'i', 'I', 'C', 'b', 'e', 'n', 'M', 'P', 's', 't', 'f', 'O', 'N', 'D']);

/** readTrace gunzips and parses a trace body, then checks it with checkChromeTrace. */
export function readTrace(body: Buffer): TraceFile {
  assert.equal(body[0], 0x1f, 'gzipped');
  const file = JSON.parse(gunzipSync(body).toString('utf8')) as TraceFile;
  checkChromeTrace(file);
  return file;
}

/** checkChromeTrace asserts the required fields of every event by phase, begin/end pairing per thread and per async id, and time order. */
export function checkChromeTrace(file: TraceFile): void {
  assert.ok(Array.isArray(file.traceEvents), 'traceEvents is an array');
  const threadStacks = new Map<string, string[]>();
  const asyncOpen = new Map<string, number>();
  let lastTs = -Infinity;
  for (const [i, e] of file.traceEvents.entries()) {
    const where = `event ${i} ${JSON.stringify(e).slice(0, 200)}`;
    assert.equal(typeof e.name, 'string', `${where}: name`);
    assert.ok(PHASES.has(e.ph), `${where}: ph`);
    assert.ok(Number.isInteger(e.pid), `${where}: pid`);
    assert.ok(Number.isInteger(e.tid), `${where}: tid`);
    if (e.ph === 'M') {
      if (e.name === 'thread_name' || e.name === 'process_name') assert.equal(typeof e.args?.name, 'string', `${where}: args.name`);
      continue;
    }
    assert.ok(Number.isFinite(e.ts), `${where}: ts`);
    assert.ok(e.ts >= lastTs, `${where}: sorted by ts`);
    lastTs = e.ts;
    const thread = `${e.pid}/${e.tid}`;
    switch (e.ph) {
      case 'X':
        assert.ok(Number.isFinite(e.dur) && e.dur! >= 0, `${where}: dur`);
        break;
      case 'B':
        threadStacks.set(thread, [...(threadStacks.get(thread) ?? []), e.name]);
        break;
      case 'E': {
        const stack = threadStacks.get(thread) ?? [];
        assert.ok(stack.length > 0, `${where}: E without B`);
        stack.pop();
        break;
      }
      case 'b':
      case 'e':
      case 'n': {
        assert.equal(typeof e.cat, 'string', `${where}: cat`);
        assert.ok(typeof e.id === 'string' || typeof e.id === 'number', `${where}: id`);
        const key = `${e.cat}\0${e.id}`;
        if (e.ph === 'b') asyncOpen.set(key, (asyncOpen.get(key) ?? 0) + 1);
        if (e.ph === 'e') {
          // Node's own async events may end what began before the trace.
          if (e.cat!.startsWith('fluoro')) assert.ok((asyncOpen.get(key) ?? 0) > 0, `${where}: e without b`);
          asyncOpen.set(key, (asyncOpen.get(key) ?? 0) - 1);
        }
        break;
      }
      case 'C':
        assert.ok(e.args && Object.values(e.args).every((v) => typeof v === 'number'), `${where}: counter args`);
        break;
      case 'P':
        assert.ok(e.id !== undefined, `${where}: id`);
        break;
    }
  }
  for (const [key, n] of asyncOpen) if (key.startsWith('fluoro')) assert.equal(n, 0, `fluoro lane ${key} left open`);
}

/** lanes groups fluoro's async events by id. */
export function lanes(file: TraceFile, cat: string): Map<string, TraceEvent[]> {
  const out = new Map<string, TraceEvent[]>();
  for (const e of file.traceEvents) {
    if (e.cat !== cat || e.id === undefined) continue;
    out.set(String(e.id), [...(out.get(String(e.id)) ?? []), e]);
  }
  return out;
}
