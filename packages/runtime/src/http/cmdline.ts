// /debug/pprof/cmdline and /debug/pprof/symbol, Go's two non-profile endpoints.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointContext } from './context.js';

/** serveCmdline answers the process's argv joined by NUL bytes, without a trailing newline. */
export function serveCmdline(_req: IncomingMessage, res: ServerResponse, ctx: EndpointContext): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(ctx.runtime.argv.join('\0'));
}

/** serveSymbol answers like Go's symbol endpoint. fluoro's profiles carry their function names, so no address ever needs a lookup. */
export function serveSymbol(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  // Drain a POSTed address list; pprof only reads whether num_symbols is above 0.
  req.resume();
  res.end('num_symbols: 1\n');
}
