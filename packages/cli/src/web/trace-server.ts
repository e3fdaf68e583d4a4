// The server of `fluoro trace -http`: the timeline page under /trace/ with
// its JSON (trace-views.ts) and the trace itself at /trace/download; and,
// under /cpu/FROM-TO/, the web UI of `fluoro pprof -http` (server.ts, as
// is) over a CPU profile of the trace's samples between two times
// (microseconds from the start), so a slice's flame graph is the same flame
// graph, with every other pprof view beside it. The same rules as the
// pprof UI: loopback-only clients on a loopback bind, one error path, the
// app's CSP.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { columnsOf, isLoopback, merge } from '@fluoro/profile';
import { AnalyzerError } from '../errors.js';
import { simplifyFunctionNames } from '../driver/demangle.js';
import { addFakeMapping } from '../driver/symbolize.js';
import { cpuWindow } from '../trace/cpu.js';
import type { LoadedTrace } from '../trace/source.js';
import { loadAssets, type Asset } from './assets.js';
import { serveError } from './errors.js';
import { handle, listenWith, sendAsset, sendJSON, type WebServer } from './server.js';
import { newSession, type Session } from './session.js';
import { TIMELINE_API } from './trace-contract.js';
import { timelineView } from './trace-views.js';

/** TraceServerOptions configure the timeline server. */
export interface TraceServerOptions {
  loaded: LoadedTrace;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** When true (a loopback bind), requests from other hosts get 403, as in pprof. */
  localOnly: boolean;
  log: (line: string) => void;
  /** The UI's files; read from @fluoro/ui's dist when absent. */
  assets?: Map<string, Asset>;
}

// CPU windows whose pprof sessions stay loaded; each is a small profile.
const WINDOW_SESSIONS = 8;

interface State {
  o: TraceServerOptions;
  assets: Map<string, Asset>;
  timeline?: string;
  windows: Map<string, Session>;
}

// windowSession is the pprof session of the CPU samples in [from, to) µs
// from the trace's start, loaded the way `fluoro pprof` loads a V8 profile.
function windowSession(st: State, from: number, to: number): Session {
  const key = `${from}-${to}`;
  let s = st.windows.get(key);
  if (s !== undefined) {
    st.windows.delete(key);
    st.windows.set(key, s);
    return s;
  }
  const t = st.o.loaded.trace;
  const p = cpuWindow(t.cpu!, { from: t.startTs + from, to: t.startTs + to });
  if (t.timeNanos > 0) p.timeNanos = t.timeNanos + from * 1000;
  addFakeMapping(p);
  simplifyFunctionNames(p.function);
  s = newSession(merge([columnsOf(p)]), new Map(), [`${st.o.loaded.source} CPU ${from}-${to}us`]);
  st.windows.set(key, s);
  while (st.windows.size > WINDOW_SESSIONS) st.windows.delete(st.windows.keys().next().value as string);
  return s;
}

// serveWindow hands /cpu/FROM-TO/ui/... to the pprof UI's handler with the
// prefix taken off; the app finds its base from its own path.
function serveWindow(st: State, req: IncomingMessage, res: ServerResponse, w: { from: number; to: number; rest: string; search: string }): void {
  const t = st.o.loaded.trace;
  if (!(w.from < w.to) || w.to > Math.ceil(t.endTs - t.startTs)) return serveError(res, 404, 'no such time window in the trace');
  if (t.cpu === undefined) return serveError(res, 404, 'the trace has no CPU samples');
  if (w.rest === '' || w.rest === '/') {
    res.writeHead(307, { Location: `/cpu/${w.from}-${w.to}/ui/flamegraph${w.search}` });
    res.end();
    return;
  }
  const session = windowSession(st, w.from, w.to);
  req.url = w.rest + w.search;
  handle({ session, assets: st.assets, localOnly: st.o.localOnly, log: st.o.log }, req, res);
}

function download(st: State, res: ServerResponse): void {
  const bytes = st.o.loaded.bytes;
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  res.writeHead(200, {
    'Content-Type': gzip ? 'application/gzip' : 'application/json',
    'Content-Disposition': `attachment;filename=trace.json${gzip ? '.gz' : ''}`,
    'Content-Length': String(bytes.length),
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(bytes);
}

function timeline(st: State, res: ServerResponse): void {
  try {
    st.timeline ??= JSON.stringify(timelineView(st.o.loaded.trace, st.o.loaded.source));
  } catch (err) {
    st.o.log(`trace timeline: ${(err as Error).stack ?? String(err)}`);
    return serveError(res, 500, 'internal error');
  }
  sendJSON(res, st.timeline);
}

/** handleTrace routes one request of the timeline server. */
function handleTrace(st: State, req: IncomingMessage, res: ServerResponse): void {
  if (st.o.localOnly && !isLoopback(req.socket.remoteAddress)) return serveError(res, 403, 'permission denied');
  if (req.method !== 'GET' && req.method !== 'HEAD') return serveError(res, 405, 'method not allowed');
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const cpu = /^\/cpu\/(\d+)-(\d+)(\/.*)?$/.exec(path);
  if (cpu) return serveWindow(st, req, res, { from: Number(cpu[1]), to: Number(cpu[2]), rest: cpu[3] ?? '', search: url.search });
  if (path === '/trace/') return sendAsset(res, st.assets.get('timeline.html')!, true);
  if (path.startsWith('/trace/assets/')) {
    const a = st.assets.get(path.slice('/trace/assets/'.length));
    return a ? sendAsset(res, a, false) : serveError(res, 404, 'not found');
  }
  if (path === '/trace/' + TIMELINE_API) return timeline(st, res);
  if (path === '/trace/download') return download(st, res);
  if (path.startsWith('/trace/')) return serveError(res, 404, 'not found');
  res.writeHead(307, { Location: '/trace/' });
  res.end();
}

/** serveTrace starts the timeline server; the page is at its url + "/trace/". */
export function serveTrace(o: TraceServerOptions): Promise<WebServer> {
  const assets = o.assets ?? loadAssets();
  if (!assets.has('timeline.html') || !assets.has('timeline.js')) {
    throw new AnalyzerError('web UI: the timeline page is missing from @fluoro/ui; build it with npm run build', { code: 'ERR_UI_MISSING' });
  }
  const st: State = { o, assets, windows: new Map() };
  return listenWith((req, res) => handleTrace(st, req, res), o.host, o.port);
}
