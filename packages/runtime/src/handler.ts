// handler(): the /debug/pprof/ endpoint as a node:http request listener that
// can also be mounted as Express/Connect middleware. Nothing is registered
// globally: the application decides where the endpoint lives.

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointContext } from './http/context.js';
import { serveCpuProfile } from './http/cpu.js';
import { serveNamedProfile } from './http/named.js';
import { serveError } from './http/serve-error.js';
import { trackAsync } from './async-tracker.js';
import { defaultRuntime, type Runtime } from './runtime.js';

/** HandlerOptions configures the endpoint. */
export interface HandlerOptions {
  /** Path the endpoint answers under; Go's is /debug/pprof/. */
  prefix?: string;
  /** Refuse durations at or above this, like Go's http.Server WriteTimeout. Defaults to the server's `timeout` when set. */
  writeTimeoutSeconds?: number;
  /** The longest profile a client may ask for, in seconds (default 600). */
  maxSeconds?: number;
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Receives warnings (e.g. a bad `seconds` on profile); defaults to process.emitWarning. */
  logger?: { warn(message: string): void };
  /** Record async operations with their creation stacks for the goroutine profile (costs microseconds per operation). */
  trackAsync?: boolean;
  /** The profiled thread; internal, used by fluoro's listener worker. */
  runtime?: Runtime;
}

/** PprofHandler is a request listener; with a `next` it acts as middleware for paths outside the prefix. */
export type PprofHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/** handler returns the /debug/pprof/ request listener. */
export function handler(options: HandlerOptions = {}): PprofHandler {
  const prefix = options.prefix ?? '/debug/pprof/';
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) {
    throw new TypeError(`prefix must start and end with "/", got ${JSON.stringify(prefix)}`);
  }
  const maxSeconds = options.maxSeconds ?? 600;
  if (!(maxSeconds > 0)) throw new TypeError(`maxSeconds must be positive, got ${options.maxSeconds}`);
  if (options.token !== undefined && options.token === '') throw new TypeError('token must not be empty');
  const runtime = options.runtime ?? defaultRuntime();
  if (options.trackAsync) trackAsync();
  const warn = options.logger ? (m: string) => options.logger!.warn(m) : (m: string) => process.emitWarning(m, { code: 'FLUORO' });

  return (req, res, next) => {
    // Express strips its mount path from req.url; originalUrl keeps it.
    const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const path = decodePath(url.split('?')[0]);
    const base = prefix.slice(0, -1);
    if (path !== base && !path.startsWith(prefix)) {
      if (next) return next();
      return serveError(res, 404, '404 page not found');
    }
    if (options.token !== undefined && !authorized(req, options.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return serveError(res, 401, 'Unauthorized: send the token as "Authorization: Bearer <token>"');
    }
    if (path === base) {
      res.statusCode = 301;
      res.setHeader('Location', prefix);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      return void res.end(`<a href="${prefix}">Moved Permanently</a>.\n\n`);
    }
    // Koa presets 404 on the raw response; every answer below is 200 unless it says otherwise.
    res.statusCode = 200;
    const ctx: EndpointContext = {
      runtime,
      maxSeconds,
      warn,
      writeTimeoutSeconds: options.writeTimeoutSeconds ?? serverTimeoutSeconds(req),
    };
    route(path.slice(prefix.length), req, res, ctx).catch((err: unknown) => {
      serveError(res, 500, `fluoro: ${err instanceof Error ? err.message : String(err)}`);
    });
  };
}

// The profiles are what clients ask for; the index page, cmdline, symbol and
// trace are rarer, and their modules load on first use (a process that
// never serves them never loads them: bench/startup.bench.mjs).
async function route(name: string, req: IncomingMessage, res: ServerResponse, ctx: EndpointContext): Promise<void> {
  switch (name) {
    case '':
      return (await import('./http/index-page.js')).serveIndex(req, res, ctx);
    case 'cmdline':
      return (await import('./http/cmdline.js')).serveCmdline(req, res, ctx);
    case 'profile':
      return serveCpuProfile(req, res, ctx);
    case 'symbol':
      return (await import('./http/cmdline.js')).serveSymbol(req, res);
    case 'trace':
      return (await import('./http/trace.js')).serveTrace(req, res, ctx);
    default:
      return serveNamedProfile(name, req, res, ctx);
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function authorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

// A node:http server's `timeout` closes idle sockets, which is what Go's
// WriteTimeout does to a long profile; treat it the same way.
function serverTimeoutSeconds(req: IncomingMessage): number {
  const server = (req.socket as { server?: { timeout?: number } }).server;
  const ms = server?.timeout ?? 0;
  return ms > 0 ? ms / 1000 : 0;
}
