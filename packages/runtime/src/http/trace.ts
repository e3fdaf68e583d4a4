// /debug/pprof/trace: an execution trace of `seconds` (default 1), served
// as Go's pprof.Trace serves its own (docs/trace-format.md for the file).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { FluoroError } from '../errors.js';
import { traceOptions, type TraceOptions } from '../trace/tracer.js';
import type { EndpointContext } from './context.js';
import { parseGoFloat, requestQuery } from './query.js';
import { serveError } from './serve-error.js';
import { exceedsWriteTimeout, waitOrDisconnect } from './wait.js';

/** serveTrace records a trace for the requested duration and sends it gzipped. */
export async function serveTrace(req: IncomingMessage, res: ServerResponse, ctx: EndpointContext): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const query = requestQuery(req.url);
  let seconds = parseGoFloat(query.get('seconds'));
  // Go: a bad, missing or non-positive value means one second (NaN included: it is not > 0).
  if (seconds === undefined || !(seconds > 0)) seconds = 1;
  if (exceedsWriteTimeout(seconds, ctx.writeTimeoutSeconds)) {
    return serveError(res, 400, "profile duration exceeds server's WriteTimeout");
  }
  if (seconds > ctx.maxSeconds) {
    return serveError(res, 400, `profile duration exceeds the endpoint's limit of ${ctx.maxSeconds} seconds`);
  }
  let options: TraceOptions;
  try {
    options = traceOptions(query);
  } catch (err) {
    return serveError(res, 400, (err as Error).message);
  }
  // Go sets these before starting, as the trace streams; serveError takes them back.
  res.setHeader('Content-Type', 'application/octet-stream');
  res.setHeader('Content-Disposition', 'attachment; filename="trace"');
  try {
    await ctx.runtime.tracer.start(options);
  } catch (err) {
    return serveError(res, statusOf(err), `Could not enable tracing: ${messageOf(err)}`);
  }
  if (!(await waitOrDisconnect(res, seconds))) return ctx.runtime.tracer.abort();
  let body: Buffer;
  try {
    body = await ctx.runtime.tracer.stop();
  } catch (err) {
    return serveError(res, statusOf(err), `fluoro: the trace failed: ${messageOf(err)}`);
  }
  res.end(body);
}

// A main thread that does not answer may answer later: 503, try again.
function statusOf(err: unknown): number {
  return err instanceof FluoroError && err.code === 'ERR_TRACE_UNRESPONSIVE' ? 503 : 500;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
