// Records HTTP requests for a trace's request lanes, from the main thread's
// diagnostics channels (subscribed only while a trace records): node:http
// servers and clients, and fetch (undici). Node has no DNS, connect or TLS
// channel, so those times come from the socket's own `lookup`, `connect`
// and `secureConnect` events; a client socket is announced on
// net.client.socket inside the call that makes the request, which also
// gives the caller's stack. TLS sockets are not announced there: for https
// the socket is watched from the request's start (it is still connecting),
// and for fetch over https undici reports connect and handshake together.
//
// A server request is written to the ring once, when it ends; until then
// it lives on its connection (its socket), not on the request's own
// objects: a property of ours on every response (or a WeakMap entry per
// response) cost about +5% CPU per request in bench/trace-overhead.bench.mjs,
// and a connection carries many requests. A response's head is noticed by
// the 10 ms probe (recorder.ts) through `headersSent`: wrapping writeHead
// cost as much again.

import dc from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { RingWriter } from './ring.js';
import { encodeStack, HttpKind, HttpMark, RecordType, traceNow } from './records.js';
import { captureUserStack } from '../stack-capture.js';

/** What fluoro knows about a client connection, until a request claims it. */
interface SocketInfo {
  start: number;
  stack: string;
  marks: [number, number][];
  request: number | undefined;
}

interface ClientState {
  id: number;
  created: number;
  status: number;
  done: boolean;
}

const LANE = Symbol('fluoro.lane');
const SERVED = Symbol('fluoro.served');

/** A server request in flight on a connection: recorded whole when it ends. */
interface Served {
  request: IncomingMessage;
  response: ServerResponse;
  begin: number;
  head: number;
}

type Tagged<T> = { [LANE]?: T };

type Handler = (message: never) => void;

/** HttpLanes is the recording of request lanes: `probe` notices response heads, `stop` records what still runs and unsubscribes. */
export interface HttpLanes {
  probe(): void;
  stop(): void;
}

/** subscribeHttp records request lanes until stopped. */
export function subscribeHttp(out: RingWriter, currentTask: () => number): HttpLanes {
  let nextId = 1;
  // Connections with a server request in flight.
  const serving = new Set<Socket & { [SERVED]?: Served[] }>();

  const mark = (id: number, code: number, ts = traceNow()) => out.put(RecordType.httpMark, ts, id, code, 0);
  const putServed = (s: Served, end: number) =>
    out.put(RecordType.httpServer, s.begin, end, s.response.statusCode, s.head, [s.request.method ?? '', s.request.url ?? '']);
  const end = (state: ClientState, error = '') => {
    if (state.done) return;
    state.done = true;
    out.put(RecordType.httpEnd, traceNow(), state.id, state.status, 0, error === '' ? [] : [error]);
  };
  const socketMark = (info: SocketInfo, code: number) => {
    const ts = traceNow();
    if (info.request === undefined) info.marks.push([code, ts]);
    else mark(info.request, code, ts);
  };
  const watch = (socket: Socket & Tagged<SocketInfo>, info: SocketInfo) => {
    socket[LANE] = info;
    socket.once('lookup', () => socketMark(info, HttpMark.lookup));
    socket.once('connect', () => socketMark(info, HttpMark.connected));
    socket.once('secureConnect', () => socketMark(info, HttpMark.secure));
  };
  // claim gives a fresh connection's marks so far to the request it was opened for.
  const claim = (info: SocketInfo, id: number) => {
    info.request = id;
    mark(id, HttpMark.socketStart, info.start);
    for (const [code, ts] of info.marks) mark(id, code, ts);
    info.marks = [];
  };

  const handlers: Record<string, Handler> = {
    'http.server.request.start': ({ request, response, socket }: { request: IncomingMessage; response: ServerResponse; socket: Socket & { [SERVED]?: Served[] } }) => {
      (socket[SERVED] ??= []).push({ request, response, begin: traceNow(), head: NaN });
      serving.add(socket);
    },
    'http.server.response.finish': ({ request, response, socket }: { request: IncomingMessage; response: ServerResponse; socket: Socket & { [SERVED]?: Served[] } }) => {
      const served = socket?.[SERVED] ?? [];
      const at = served.findIndex((s) => s.response === response);
      const s = at >= 0 ? served[at] : { request, response, begin: NaN, head: NaN };
      if (at >= 0) served.splice(at, 1);
      if (served.length === 0) serving.delete(socket);
      putServed(s, traceNow());
    },
    'net.client.socket': ({ socket }: { socket: Socket }) => {
      // Called inside the request's maker: its frames are below ours and Node's.
      const stack = captureUserStack(1);
      const user = stack.length > 0 && !stack[0].url.startsWith('node:');
      watch(socket, { start: traceNow(), stack: user ? encodeStack(stack) : '', marks: [], request: undefined });
    },
    'http.client.request.start': ({ request }: { request: ClientRequest & Tagged<ClientState> }) => {
      const state: ClientState = { id: nextId++, created: traceNow(), status: 0, done: false };
      request[LANE] = state;
      const socket = request.socket as (Socket & Tagged<SocketInfo>) | null;
      const info = socket?.[LANE];
      const fresh = info !== undefined && info.request === undefined;
      const target = `${String(request.getHeader('host') ?? request.host)}${request.path}`;
      out.put(RecordType.httpBegin, fresh ? info!.start : state.created, state.id, HttpKind.http, currentTask(), [
        request.method,
        target,
        fresh ? info!.stack : '',
      ]);
      if (fresh) claim(info!, state.id);
      if (socket?.connecting) {
        if (info === undefined) watch(socket, { start: state.created, stack: '', marks: [], request: state.id });
        socket.once((socket as { encrypted?: boolean }).encrypted ? 'secureConnect' : 'connect', () => mark(state.id, HttpMark.sent));
      } else {
        mark(state.id, HttpMark.sent, state.created);
      }
      request.once('close', () => end(state, 'closed before the response ended'));
    },
    'http.client.response.finish': ({ request, response }: { request: ClientRequest & Tagged<ClientState>; response: IncomingMessage }) => {
      // Published when the response headers are parsed, despite its name.
      const state = request[LANE];
      if (state === undefined) return;
      state.status = response.statusCode ?? 0;
      mark(state.id, HttpMark.headers);
      response.once('end', () => end(state));
      response.once('close', () => end(state, response.complete ? '' : 'response aborted'));
    },
    'undici:request:create': ({ request }: { request: { method: string; origin: unknown; path: string } & Tagged<ClientState> }) => {
      const state: ClientState = { id: nextId++, created: traceNow(), status: 0, done: false };
      request[LANE] = state;
      const origin = String(request.origin).replace(/^[a-z]+:\/\//i, '');
      out.put(RecordType.httpBegin, state.created, state.id, HttpKind.fetch, currentTask(), [request.method, `${origin}${request.path}`, '']);
    },
    'undici:client:beforeConnect': ({ connectParams }: { connectParams: Tagged<number> }) => {
      connectParams[LANE] = traceNow();
    },
    'undici:client:connected': ({ connectParams, socket }: { connectParams: Tagged<number>; socket: Socket & Tagged<SocketInfo> }) => {
      if (socket[LANE] !== undefined) return;
      // A TLS socket, never announced on net.client.socket: undici saw connect and handshake as one.
      const start = connectParams[LANE] ?? traceNow();
      socket[LANE] = { start, stack: '', marks: [[HttpMark.connectStart, start], [HttpMark.connectEnd, traceNow()]], request: undefined };
    },
    'undici:client:sendHeaders': ({ request, socket }: { request: Tagged<ClientState>; socket: Tagged<SocketInfo> }) => {
      const state = request[LANE];
      if (state === undefined) return;
      const info = socket[LANE];
      if (info !== undefined && info.request === undefined && info.start >= state.created) claim(info, state.id);
      mark(state.id, HttpMark.sent);
    },
    'undici:request:headers': ({ request, response }: { request: Tagged<ClientState>; response: { statusCode: number } }) => {
      const state = request[LANE];
      if (state === undefined) return;
      state.status = response.statusCode;
      mark(state.id, HttpMark.headers);
    },
    'undici:request:trailers': ({ request }: { request: Tagged<ClientState> }) => {
      const state = request[LANE];
      if (state !== undefined) end(state);
    },
    'undici:request:error': ({ request, error }: { request: Tagged<ClientState>; error: unknown }) => {
      const state = request[LANE];
      if (state !== undefined) end(state, error instanceof Error ? error.message : String(error));
    },
  };
  for (const [name, fn] of Object.entries(handlers)) dc.subscribe(name, fn as (message: unknown) => void);
  return {
    probe() {
      if (serving.size === 0) return;
      const now = traceNow();
      for (const socket of serving) {
        for (const s of socket[SERVED] ?? []) if (Number.isNaN(s.head) && s.response.headersSent) s.head = now;
      }
    },
    stop() {
      for (const [name, fn] of Object.entries(handlers)) dc.unsubscribe(name, fn as (message: unknown) => void);
      // What still runs goes into the trace as open; the connection must not hold it after the trace.
      for (const socket of serving) {
        for (const s of socket[SERVED] ?? []) putServed(s, NaN);
        socket[SERVED] = [];
      }
      serving.clear();
    },
  };
}
