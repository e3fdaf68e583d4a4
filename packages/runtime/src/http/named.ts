// /debug/pprof/NAME: a profile from the registry, as Go's handler(name) serves it.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointContext } from './context.js';
import { atoi, parseGoInt, requestQuery } from './query.js';
import { serveError } from './serve-error.js';
import { exceedsWriteTimeout, waitOrDisconnect } from './wait.js';
import { encodeProfile } from '@fluoro/profile';
import { deltaProfile } from '../delta.js';
import type { PprofProfile } from '../registry.js';

/** serveNamedProfile writes the named profile in the format `debug` asks for. */
export async function serveNamedProfile(
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: EndpointContext,
): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const profile = await ctx.runtime.lookup(name);
  if (profile === undefined) return serveError(res, 404, 'Unknown profile');
  const query = requestQuery(req.url);
  const seconds = query.get('seconds');
  if (seconds !== null && seconds !== '') return serveDelta(profile, seconds, query, res, ctx);
  // Go's gc=1 runs a GC before the heap profile; a fresh read of the sampler forces one.
  const fresh = name === 'heap' && atoi(query.get('gc')) > 0;
  const debug = atoi(query.get('debug'));
  if (debug !== 0) {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  } else {
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  }
  await profile.writeTo(res, { debug, fresh });
  res.end();
}

// serveDelta answers `seconds=N`: the profile's change over N seconds, checked in Go's order.
async function serveDelta(
  profile: PprofProfile,
  raw: string,
  query: URLSearchParams,
  res: ServerResponse,
  ctx: EndpointContext,
): Promise<void> {
  const seconds = parseGoInt(raw);
  if (seconds === undefined || seconds <= 0) {
    return serveError(res, 400, 'invalid value for "seconds" - must be a positive integer');
  }
  if (profile.collect === undefined) {
    return serveError(res, 400, '"seconds" parameter is not supported for this profile type');
  }
  if (exceedsWriteTimeout(seconds, ctx.writeTimeoutSeconds)) {
    return serveError(res, 400, "profile duration exceeds server's WriteTimeout");
  }
  if (atoi(query.get('debug')) !== 0) {
    return serveError(res, 400, 'seconds and debug params are incompatible');
  }
  if (seconds > ctx.maxSeconds) {
    return serveError(res, 400, `profile duration exceeds the endpoint's limit of ${ctx.maxSeconds} seconds`);
  }
  // Both ends of a delta are read then, not answered from an earlier read.
  const before = await profile.collect({ fresh: true });
  if (!(await waitOrDisconnect(res, seconds))) return;
  const delta = deltaProfile(before, await profile.collect({ fresh: true }));
  res.setHeader('Content-Type', 'application/octet-stream');
  res.setHeader('Content-Disposition', `attachment; filename="${profile.name}-delta"`);
  // Go writes delta profiles uncompressed unless asked with gz=1.
  res.end(encodeProfile(delta, { gzip: parseGoBool(query.get('gz')) }));
}

// parseGoBool is Go's `b, _ := strconv.ParseBool(s)`.
function parseGoBool(s: string | null): boolean {
  return s !== null && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s);
}
