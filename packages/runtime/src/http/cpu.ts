// /debug/pprof/profile: a CPU profile of `seconds` (default 30), as Go's
// pprof.Profile handler serves it.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeProfile } from '@fluoro/profile';
import { FluoroError } from '../errors.js';
import type { EndpointContext } from './context.js';
import { parseGoInt, requestQuery } from './query.js';
import { serveError } from './serve-error.js';
import { exceedsWriteTimeout, waitOrDisconnect } from './wait.js';

/** serveCpuProfile runs a CPU profile for the requested duration and sends it gzipped. */
export async function serveCpuProfile(req: IncomingMessage, res: ServerResponse, ctx: EndpointContext): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const raw = requestQuery(req.url).get('seconds');
  let seconds = parseGoInt(raw);
  if (seconds === undefined || seconds <= 0) {
    // Go falls back to 30 s silently; a typo here costs the user half a minute, so say so.
    if (raw !== null) ctx.warn(`fluoro: profile?seconds=${JSON.stringify(raw)} is not a positive integer; profiling for 30s`);
    seconds = 30;
  }
  if (exceedsWriteTimeout(seconds, ctx.writeTimeoutSeconds)) {
    return serveError(res, 400, "profile duration exceeds server's WriteTimeout");
  }
  if (seconds > ctx.maxSeconds) {
    return serveError(res, 400, `profile duration exceeds the endpoint's limit of ${ctx.maxSeconds} seconds`);
  }
  try {
    await ctx.runtime.cpu.start();
  } catch (err) {
    const message = err instanceof FluoroError ? err.message : String(err);
    return serveError(res, 500, `Could not enable CPU profiling: ${message}`);
  }
  const completed = await waitOrDisconnect(res, seconds);
  const profile = await ctx.runtime.cpu.stop();
  if (!completed) return;
  res.setHeader('Content-Type', 'application/octet-stream');
  res.setHeader('Content-Disposition', 'attachment; filename="profile"');
  res.end(encodeProfile(profile));
}
