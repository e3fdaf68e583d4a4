// Turns the main thread's ring records into trace events: request lanes
// with their phases, user tasks, regions and logs, counters; and the net
// and sync waits that come with them (docs/trace-format.md).

import type { RingRecord } from './ring.js';
import { decodeStack, HttpKind, HttpMark, RecordType } from './records.js';
import type { Clip, Lane, TraceEvent, Wait } from './events.js';
import type { FrameNamer } from './frame-names.js';

// A server lane's one mark: when its response head was seen sent.
const HEAD = 0;

/** SERVER_BODY_MICROS: a server request gets handler and body phases when its body took at least this long after the head was seen (by a 10 ms probe, so only slow bodies have it seen at all). */
export const SERVER_BODY_MICROS = 1000;

/** Probe is one counter reading: when, and how late the probe ran (microseconds). */
export interface Probe {
  ts: number;
  late: number;
}

/** RecordEvents is what the records give a trace. */
export interface RecordEvents {
  events: TraceEvent[];
  waits: Wait[];
  probes: Probe[];
}

interface Request {
  id: number;
  kind: number;
  method: string;
  target: string;
  stack: string;
  task: number;
  begin: number;
  before: boolean;
  marks: Map<number, number>;
  end?: number;
  status: number;
  error: string;
}

/** recordEvents converts records, oldest first, into events on the main thread's lane. */
export function recordEvents(records: RingRecord[], lane: Lane, clip: Clip, names: FrameNamer): RecordEvents {
  const events: TraceEvent[] = [];
  const waits: Wait[] = [];
  const probes: Probe[] = [];
  const requests = new Map<number, Request>();
  const served: Request[] = [];
  const tasks = new Map<number, { name: string; regions: string[] }>();
  const background: string[] = [];
  const user = (name: string, ph: string, ts: number, task: number, args: Record<string, unknown>): TraceEvent => ({
    name,
    cat: 'fluoro.user',
    ph,
    ...lane,
    ts,
    id: `t${task}`,
    args: { task, ...args },
  });
  const regionsOf = (task: number) => (task === 0 ? background : tasks.get(task)?.regions);

  for (const r of records) {
    switch (r.type) {
      case RecordType.taskBegin:
        tasks.set(r.a, { name: r.s[0], regions: [] });
        events.push(user(r.s[0], 'b', r.ts, r.a, { type: 'task', parent: r.b }));
        break;
      case RecordType.taskEnd: {
        const task = tasks.get(r.a);
        if (task === undefined) break;
        tasks.delete(r.a);
        for (const name of task.regions.reverse()) events.push(user(name, 'e', r.ts, r.a, { type: 'region', open: true }));
        events.push(user(task.name, 'e', r.ts, r.a, r.b ? { type: 'task', error: r.s[0] } : { type: 'task' }));
        break;
      }
      case RecordType.regionBegin: {
        const regions = regionsOf(r.a);
        if (regions === undefined) break;
        regions.push(r.s[0]);
        events.push(user(r.s[0], 'b', r.ts, r.a, { type: 'region' }));
        break;
      }
      case RecordType.regionEnd: {
        const regions = regionsOf(r.a);
        const at = regions?.lastIndexOf(r.s[0]) ?? -1;
        if (at < 0) break;
        regions!.splice(at, 1);
        events.push(user(r.s[0], 'e', r.ts, r.a, r.b ? { type: 'region', error: true } : { type: 'region' }));
        break;
      }
      case RecordType.log:
        events.push({ ...user(r.s[0], 'n', r.ts, r.a, { type: 'log', category: r.s[0], message: r.s[1] }) });
        break;
      case RecordType.httpBegin:
        requests.set(r.a, {
          id: r.a,
          kind: r.b,
          method: r.s[0],
          target: r.s[1],
          stack: r.s[2] ?? '',
          task: r.c,
          begin: r.ts,
          before: false,
          marks: new Map(),
          status: 0,
          error: '',
        });
        break;
      case RecordType.httpServer:
        served.push({
          id: served.length + 1,
          kind: HttpKind.server,
          method: r.s[0],
          target: r.s[1],
          stack: '',
          task: 0,
          begin: Number.isNaN(r.ts) ? clip.startTs : r.ts,
          before: Number.isNaN(r.ts),
          marks: Number.isNaN(r.c) ? new Map() : new Map([[HEAD, r.c]]),
          end: Number.isNaN(r.a) ? undefined : r.a,
          status: r.b,
          error: '',
        });
        break;
      case RecordType.httpMark: {
        const req = requests.get(r.a);
        if (req !== undefined && !req.marks.has(r.b)) req.marks.set(r.b, r.ts);
        break;
      }
      case RecordType.httpEnd: {
        const req = requests.get(r.a);
        if (req === undefined || req.end !== undefined) break;
        req.end = r.ts;
        req.status = r.b;
        req.error = r.s[0] ?? '';
        break;
      }
      case RecordType.counter:
        probes.push({ ts: r.ts, late: r.a });
        events.push({ name: 'event loop delay', ph: 'C', ...lane, ts: r.ts, args: { ms: Math.round(r.a) / 1000 } });
        break;
      case RecordType.syncWait:
        waits.push({ type: 'sync', ts: r.ts, dur: r.a, weight: r.b, stack: decodeStack(r.s[0] ?? '').map((f) => names.name(f)) });
        break;
    }
  }
  // What is still open at the end of the trace ends there, marked open.
  for (const [id, task] of tasks) {
    for (const name of task.regions.reverse()) events.push(user(name, 'e', clip.endTs, id, { type: 'region', open: true }));
    events.push(user(task.name, 'e', clip.endTs, id, { type: 'task', open: true }));
  }
  for (const name of background.reverse()) events.push(user(name, 'e', clip.endTs, 0, { type: 'region', open: true }));
  for (const req of served) events.push(...requestEvents(req, lane, clip));
  for (const req of requests.values()) {
    events.push(...requestEvents(req, lane, clip));
    waits.push(netWait(req, clip, names));
  }
  return { events, waits, probes };
}

function requestEvents(req: Request, lane: Lane, clip: Clip): TraceEvent[] {
  const server = req.kind === HttpKind.server;
  const id = `${server ? 's' : 'c'}${req.id}`;
  const name = `${req.method} ${req.target}`;
  const end = req.end ?? clip.endTs;
  const base = { cat: 'fluoro.http', ...lane, id };
  const args: Record<string, unknown> = { side: server ? 'server' : 'client', method: req.method, url: req.target, task: req.task };
  if (!server) args.client = req.kind === HttpKind.fetch ? 'fetch' : 'http';
  if (req.before) args.begunBeforeTrace = true;
  const out: TraceEvent[] = [{ ...base, name, ph: 'b', ts: req.begin, args }];
  for (const [phase, from, to] of phases(req, end)) {
    if (!(to > from)) continue;
    out.push({ ...base, name: phase, ph: 'b', ts: from }, { ...base, name: phase, ph: 'e', ts: to });
  }
  const endArgs: Record<string, unknown> = { status: req.status };
  if (req.error !== '') endArgs.error = req.error;
  if (req.end === undefined) endArgs.open = true;
  out.push({ ...base, name, ph: 'e', ts: end, args: endArgs });
  return out;
}

// phases are the spans between a request's marks, clipped to its life.
function phases(req: Request, end: number): [string, number, number][] {
  const m = req.marks;
  const at = (code: number) => m.get(code);
  const clipTo = (t: number) => Math.min(Math.max(t, req.begin), end);
  const spans: [string, number | undefined, number | undefined][] = [];
  if (req.kind === HttpKind.server) {
    // Most responses go out whole at the end: their lane alone says it all, at a third of the events.
    const head = at(HEAD);
    if (head !== undefined && end - head >= SERVER_BODY_MICROS) spans.push(['handler', req.begin, head], ['body', head, end]);
  } else {
    const start = at(HttpMark.socketStart) ?? req.begin;
    const lookup = at(HttpMark.lookup);
    const connected = at(HttpMark.connected);
    const secure = at(HttpMark.secure);
    const headers = at(HttpMark.headers);
    const ready = secure ?? connected ?? at(HttpMark.connectEnd);
    spans.push(
      ['dns', lookup === undefined ? undefined : start, lookup],
      ['connect', connected === undefined ? undefined : (lookup ?? start), connected],
      ['tls', secure === undefined ? undefined : connected, secure],
      ['connect+tls', at(HttpMark.connectStart), at(HttpMark.connectEnd)],
      ['first byte', at(HttpMark.sent) ?? ready ?? req.begin, headers],
      ['body', headers, headers === undefined ? undefined : end],
    );
  }
  return spans.filter((s): s is [string, number, number] => s[1] !== undefined && s[2] !== undefined).map(([n, f, t]) => [n, clipTo(f), clipTo(t)]);
}

function netWait(req: Request, clip: Clip, names: FrameNamer): Wait {
  const end = req.end ?? clip.endTs;
  const stack = [`http ${req.method} ${req.target}`, ...decodeStack(req.stack).map((f) => names.name(f))];
  return { type: 'net', ts: req.begin, dur: Math.max(end - req.begin, 0), stack, weight: 1 };
}
