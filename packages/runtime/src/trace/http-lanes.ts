// Records HTTP requests for a trace's request lanes, from the main thread's
// diagnostics channels (subscribed only while a trace records): node:http
// servers and clients, and fetch (undici). Node has no DNS, connect or TLS
// channel, so those times come from the socket's own `lookup`, `connect`
// and `secureConnect` events; a client socket is announced on
// net.client.socket inside the call that makes the request, which also
// gives the caller's stack. TLS sockets are not announced there: for https
// the socket is watched from the request's start (it is still connecting),
// and for fetch over https undici reports connect and handshake together.

import dc from 'node:diagnostics_channel';
import { ServerResponse, type ClientRequest, type IncomingMessage } from 'node:http';
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

type Handler = (message: never) => void;

/** subscribeHttp records request lanes until the returned function unsubscribes. */
export function subscribeHttp(out: RingWriter, currentTask: () => number): () => void {
  let nextId = 1;
  // A server response's request id, negated once its head is written.
  const servers = new WeakMap<object, number>();
  const sockets = new WeakMap<object, SocketInfo>();
  const clients = new WeakMap<object, ClientState>();
  const connecting = new WeakMap<object, number>();

  const mark = (id: number, code: number, ts = traceNow()) => out.put(RecordType.httpMark, ts, id, code, 0);
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
  const watch = (socket: Socket, info: SocketInfo) => {
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
    'http.server.request.start': ({ request, response }: { request: IncomingMessage; response: ServerResponse }) => {
      const id = nextId++;
      servers.set(response, id);
      out.put(RecordType.httpBegin, traceNow(), id, HttpKind.server, 0, [request.method ?? '', request.url ?? '']);
    },
    'http.server.response.finish': ({ request, response }: { request: IncomingMessage; response: ServerResponse }) => {
      let id = servers.get(response);
      if (id === undefined) {
        id = nextId++;
        out.put(RecordType.httpBegin, NaN, id, HttpKind.server, 0, [request.method ?? '', request.url ?? '']);
      }
      id = Math.abs(id);
      out.put(RecordType.httpEnd, traceNow(), id, response.statusCode, 0);
    },
    'net.client.socket': ({ socket }: { socket: Socket }) => {
      // Called inside the request's maker: its frames are below ours and Node's.
      const stack = captureUserStack(1);
      const user = stack.length > 0 && !stack[0].url.startsWith('node:');
      const info: SocketInfo = { start: traceNow(), stack: user ? encodeStack(stack) : '', marks: [], request: undefined };
      sockets.set(socket, info);
      watch(socket, info);
    },
    'http.client.request.start': ({ request }: { request: ClientRequest }) => {
      const state: ClientState = { id: nextId++, created: traceNow(), status: 0, done: false };
      clients.set(request, state);
      const socket = request.socket;
      let info = socket ? sockets.get(socket) : undefined;
      const fresh = info !== undefined && info.request === undefined;
      const target = `${String(request.getHeader('host') ?? request.host)}${request.path}`;
      out.put(RecordType.httpBegin, fresh ? info!.start : state.created, state.id, HttpKind.http, currentTask(), [
        request.method,
        target,
        fresh ? info!.stack : '',
      ]);
      if (fresh) claim(info!, state.id);
      if (socket?.connecting) {
        if (info === undefined) {
          info = { start: state.created, stack: '', marks: [], request: state.id };
          sockets.set(socket, info);
          watch(socket, info);
        }
        socket.once((socket as { encrypted?: boolean }).encrypted ? 'secureConnect' : 'connect', () => mark(state.id, HttpMark.sent));
      } else {
        mark(state.id, HttpMark.sent, state.created);
      }
      request.once('close', () => end(state, 'closed before the response ended'));
    },
    'http.client.response.finish': ({ request, response }: { request: ClientRequest; response: IncomingMessage }) => {
      // Published when the response headers are parsed, despite its name.
      const state = clients.get(request);
      if (state === undefined) return;
      state.status = response.statusCode ?? 0;
      mark(state.id, HttpMark.headers);
      response.once('end', () => end(state));
      response.once('close', () => end(state, response.complete ? '' : 'response aborted'));
    },
    'undici:request:create': ({ request }: { request: { method: string; origin: unknown; path: string } }) => {
      const state: ClientState = { id: nextId++, created: traceNow(), status: 0, done: false };
      clients.set(request, state);
      const origin = String(request.origin).replace(/^[a-z]+:\/\//i, '');
      out.put(RecordType.httpBegin, state.created, state.id, HttpKind.fetch, currentTask(), [request.method, `${origin}${request.path}`, '']);
    },
    'undici:client:beforeConnect': ({ connectParams }: { connectParams: object }) => {
      connecting.set(connectParams, traceNow());
    },
    'undici:client:connected': ({ connectParams, socket }: { connectParams: object; socket: Socket }) => {
      if (sockets.has(socket)) return;
      // A TLS socket, never announced on net.client.socket: undici saw connect and handshake as one.
      const start = connecting.get(connectParams) ?? traceNow();
      sockets.set(socket, { start, stack: '', marks: [[HttpMark.connectStart, start], [HttpMark.connectEnd, traceNow()]], request: undefined });
    },
    'undici:client:sendHeaders': ({ request, socket }: { request: object; socket: Socket }) => {
      const state = clients.get(request);
      if (state === undefined) return;
      const info = sockets.get(socket);
      if (info !== undefined && info.request === undefined && info.start >= state.created) claim(info, state.id);
      mark(state.id, HttpMark.sent);
    },
    'undici:request:headers': ({ request, response }: { request: object; response: { statusCode: number } }) => {
      const state = clients.get(request);
      if (state === undefined) return;
      state.status = response.statusCode;
      mark(state.id, HttpMark.headers);
    },
    'undici:request:trailers': ({ request }: { request: object }) => {
      const state = clients.get(request);
      if (state !== undefined) end(state);
    },
    'undici:request:error': ({ request, error }: { request: object; error: unknown }) => {
      const state = clients.get(request);
      if (state !== undefined) end(state, error instanceof Error ? error.message : String(error));
    },
  };
  for (const [name, fn] of Object.entries(handlers)) dc.subscribe(name, fn as (message: unknown) => void);
  // The head goes out in writeHead (end() without one calls it too), and no
  // event says so. Wrapping it on the prototype for the trace's duration
  // leaves the responses' own shapes alone.
  const proto = ServerResponse.prototype;
  const writeHead = proto.writeHead;
  const wrapped = function (this: ServerResponse) {
    const id = servers.get(this);
    if (id !== undefined && id > 0) {
      servers.set(this, -id);
      mark(id, HttpMark.headWritten);
    }
    // `arguments` rather than a rest array: V8 forwards it without copying.
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, arguments as unknown as unknown[]);
  } as ServerResponse['writeHead'];
  proto.writeHead = wrapped;
  return () => {
    for (const [name, fn] of Object.entries(handlers)) dc.unsubscribe(name, fn as (message: unknown) => void);
    if (proto.writeHead === wrapped) proto.writeHead = writeHead;
  };
}
