// /debug/pprof/NAME: a profile from the registry, as Go's handler(name) serves it.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointContext } from './context.js';
import { atoi, parseGoInt, requestQuery } from './query.js';
import { serveError } from './serve-error.js';
import { exceedsWriteTimeout } from './wait.js';

/** serveNamedProfile writes the named profile in the format `debug` asks for. */
export async function serveNamedProfile(
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: EndpointContext,
): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const profile = ctx.runtime.registry.lookup(name);
  if (profile === undefined) return serveError(res, 404, 'Unknown profile');
  const query = requestQuery(req.url);
  const seconds = query.get('seconds');
  if (seconds !== null && seconds !== '') return serveDeltaRequest(name, seconds, query, res, ctx);
  if (name === 'heap' && atoi(query.get('gc')) > 0) await ctx.runtime.heap.collectGarbage();
  const debug = atoi(query.get('debug'));
  if (debug !== 0) {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  } else {
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  }
  await profile.writeTo(res, { debug });
  res.end();
}

const SUPPORTS_DELTA = new Set(['allocs', 'block', 'goroutine', 'heap', 'mutex', 'threadcreate']);

// serveDeltaRequest checks a `seconds` request in Go's order. Delta profiles
// themselves are not built yet: after validation the request is refused.
function serveDeltaRequest(
  name: string,
  raw: string,
  query: URLSearchParams,
  res: ServerResponse,
  ctx: EndpointContext,
): void {
  const seconds = parseGoInt(raw);
  if (seconds === undefined || seconds <= 0) {
    return serveError(res, 400, 'invalid value for "seconds" - must be a positive integer');
  }
  if (!SUPPORTS_DELTA.has(name)) {
    return serveError(res, 400, '"seconds" parameter is not supported for this profile type');
  }
  if (exceedsWriteTimeout(seconds, ctx.writeTimeoutSeconds)) {
    return serveError(res, 400, "profile duration exceeds server's WriteTimeout");
  }
  if (atoi(query.get('debug')) !== 0) {
    return serveError(res, 400, 'seconds and debug params are incompatible');
  }
  return serveError(res, 501, 'delta profiles are not implemented yet');
}
