// What the main thread records for a trace, as ring records (ring.ts): the
// record types, the codes inside them, and the clock they are stamped with.
// Written by the recorder on the main thread, read by the trace builder.

import type { Frame } from '../frames.js';

/** RecordType is a ring record's type byte; the fields each type uses are listed with it. */
export const RecordType = {
  /** ts, a = task id, b = parent task id; s = [name] */
  taskBegin: 1,
  /** ts, a = task id, b = 1 if it failed; s = [error message] */
  taskEnd: 2,
  /** ts, a = task id; s = [name] */
  regionBegin: 3,
  /** ts, a = task id, b = 1 if it failed; s = [name] */
  regionEnd: 4,
  /** ts, a = task id; s = [category, message] */
  log: 5,
  /** A client request: ts, a = request id, b = HttpKind, c = task id; s = [method, target, stack] */
  httpBegin: 6,
  /** ts, a = request id, b = HttpMark */
  httpMark: 7,
  /** ts, a = request id, b = status (0 none); s = [error message] */
  httpEnd: 8,
  /** ts, a = how late the probe ran (event-loop delay), in microseconds */
  counter: 9,
  /** ts = start, a = duration in microseconds, b = weight; s = [stack] (a sync wait, detail=async) */
  syncWait: 10,
  /** A whole server request, written once it ends (or as the trace stops): ts = begin (NaN: before the trace), a = end (NaN: still running), b = status, c = when its head was seen sent (NaN: not seen); s = [method, url] */
  httpServer: 11,
} as const;

/** HttpKind says which client a client request lane is (server lanes have their own record). */
export const HttpKind = { server: 0, http: 1, fetch: 2 } as const;

/** HttpMark is a moment in a request's life; the phases are the spans between them. */
export const HttpMark = {
  /** DNS lookup done (client). */
  lookup: 2,
  /** TCP connected. */
  connected: 3,
  /** TLS handshake done. */
  secure: 4,
  /** A connection (TCP and TLS together, fetch over https) started connecting. */
  connectStart: 5,
  /** That connection is ready. */
  connectEnd: 6,
  /** The request is written: waiting for the first byte of the response from here. */
  sent: 7,
  /** The response headers arrived. */
  headers: 8,
  /** The connection was opened for this request at this time (the lane starts here). */
  socketStart: 9,
} as const;

/** PROBE_MS is the counters' period on the main thread; how late each probe runs is the event-loop delay. */
export const PROBE_MS = 10;

/** traceNow is the trace clock: process.hrtime in microseconds, the clock of Node's trace events and of V8's CPU profiles. */
export function traceNow(): number {
  const [s, ns] = process.hrtime();
  return s * 1e6 + ns / 1e3;
}

// A captured frame crosses threads as its fields joined by these separators.
const FIELD = '\x1f';
const FRAME = '\x1e';

/** encodeStack packs captured frames into one string. */
export function encodeStack(frames: readonly Frame[]): string {
  return frames
    .map((f) => [f.functionName, f.url, f.lineNumber, f.columnNumber, f.line ?? 0, f.column ?? 0].join(FIELD))
    .join(FRAME);
}

/** decodeStack unpacks what encodeStack packed. */
export function decodeStack(text: string): Frame[] {
  if (text === '') return [];
  return text.split(FRAME).map((f) => {
    const [functionName, url, lineNumber, columnNumber, line, column] = f.split(FIELD);
    return {
      functionName: functionName ?? '',
      scriptId: '0',
      url: url ?? '',
      lineNumber: Number(lineNumber),
      columnNumber: Number(columnNumber),
      line: Number(line) || undefined,
      column: Number(column) || undefined,
    };
  });
}
