// The web UI's HTTP server, laid out like pprof's: the app under /ui/ (one
// page per view of the contract: /ui/ for the graph, /ui/top,
// /ui/flamegraph, ...), "/" redirecting there with its query, the profile at
// /ui/download, and JSON for each view under /ui/api/<name>. The page is the
// same static app for every view; it reads its view from the path and its
// settings from the query.

import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compact, encodeProfile, isLoopback, toProfile } from '@fluoro/profile';
import { AnalyzerError } from '../errors.js';
import type { Asset } from './assets.js';
import { serveError } from './errors.js';
import { API } from './api.js';
import { isViewName, PAGE_NAMES, pagePath, URL_SETTINGS, type ViewName } from './contract.js';
import { cached, type Session } from './session.js';
import { startGraphviz } from './views-graph.js';

// The app's paths under /ui/, one per page.
const PAGES = new Set(PAGE_NAMES.map((p) => '/' + pagePath(p)));

// A view's JSON depends only on these parameters, so only they key the cache.
const SETTINGS = URL_SETTINGS.map((s) => s.name);

// The app loads only its own files and talks only to this server.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** WebOptions configures the server. */
export interface WebOptions {
  session: Session;
  assets: Map<string, Asset>;
  /** When true (a loopback bind), requests from other hosts get 403, as in pprof. */
  localOnly: boolean;
  /** Where to log errors that are the server's fault. */
  log: (line: string) => void;
}

/** sendAsset answers with one of the app's files; csp adds the page's Content-Security-Policy. */
export function sendAsset(res: ServerResponse, a: Asset, csp: boolean): void {
  const headers: Record<string, string> = {
    'Content-Type': a.type,
    'Content-Length': String(a.body.length),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  if (csp) headers['Content-Security-Policy'] = CSP;
  res.writeHead(200, headers);
  res.end(a.body);
}

/** sendJSON answers with a JSON text that no cache keeps. */
export function sendJSON(res: ServerResponse, json: string): void {
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(json)),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  res.end(json);
}

function viewJSON(s: Session, view: ViewName, q: URLSearchParams): Promise<string> {
  return cached(s, view, q, SETTINGS, () => API[view](s, q));
}

async function serveApi(o: WebOptions, res: ServerResponse, view: ViewName, q: URLSearchParams): Promise<void> {
  try {
    sendJSON(res, await viewJSON(o.session, view, q));
  } catch (err) {
    if (err instanceof AnalyzerError) {
      serveError(res, 400, err.message);
    } else {
      o.log(`web UI: ${view}: ${(err as Error).stack ?? String(err)}`);
      serveError(res, 500, 'internal error');
    }
  }
}

// download sends the loaded profile (all sources merged, before any view's
// settings), as pprof's UI does at the same path.
function download(o: WebOptions, res: ServerResponse): void {
  let body: Uint8Array;
  try {
    const p = o.session.profile;
    body = encodeProfile(toProfile(p.duplicates ? compact(p) : p));
  } catch (err) {
    o.log(`web UI: download: ${(err as Error).message}`);
    return serveError(res, 500, 'could not encode the profile');
  }
  res.writeHead(200, {
    'Content-Type': 'application/vnd.google.protobuf+gzip',
    'Content-Disposition': 'attachment;filename=profile.pb.gz',
    'Content-Length': String(body.length),
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

/** handle routes one request. */
export function handle(o: WebOptions, req: IncomingMessage, res: ServerResponse): void {
  if (o.localOnly && !isLoopback(req.socket.remoteAddress)) return serveError(res, 403, 'permission denied');
  if (req.method !== 'GET' && req.method !== 'HEAD') return serveError(res, 405, 'method not allowed');
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (!path.startsWith('/ui/')) {
    res.writeHead(307, { Location: '/ui/' + url.search });
    res.end();
    return;
  }
  const sub = path.slice(3);
  if (PAGES.has(sub)) return sendAsset(res, o.assets.get('index.html')!, true);
  if (sub.startsWith('/assets/')) {
    const a = o.assets.get(sub.slice('/assets/'.length));
    return a ? sendAsset(res, a, false) : serveError(res, 404, 'not found');
  }
  if (sub === '/download') return download(o, res);
  if (sub.startsWith('/api/')) {
    const view = sub.slice('/api/'.length);
    if (isViewName(view)) void serveApi(o, res, view, url.searchParams);
    else serveError(res, 404, 'unknown view');
    return;
  }
  serveError(res, 404, 'not found');
}

/** WebServer is a listening UI server. */
export interface WebServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** listen starts the UI server on host:port (port 0 picks one), and graphviz for the graph view. */
export async function listen(o: WebOptions, host: string, port: number): Promise<WebServer> {
  const server = await listenWith((req, res) => handle(o, req, res), host, port);
  // Compiling graphviz's WebAssembly takes a tenth of a second or more, which
  // the first graph view would otherwise wait for. A failure is logged here,
  // and the graph view starts graphviz again.
  startGraphviz(o.session).catch((err: Error) => o.log(`web UI: graphviz: ${err.message}`));
  return server;
}

/** listenWith serves any handler on host:port (port 0 picks one), as listen does the UI. */
export function listenWith(handler: RequestListener, host: string, port: number): Promise<WebServer> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new AnalyzerError(`web UI: listen on ${host}:${port}: ${err.message}`, { cause: err })));
    server.listen(port, host, () => {
      const addr = server.address() as AddressInfo;
      const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({
        server,
        url: `http://${h}:${addr.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** warm computes views into the cache as the page will ask for them with no settings. */
export async function warm(s: Session, views: ViewName[]): Promise<void> {
  const q = new URLSearchParams();
  for (const view of views) {
    try {
      await viewJSON(s, view, q);
    } catch {
      // The same error reaches the page when it asks for the view.
    }
  }
}
