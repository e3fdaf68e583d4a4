// The endpoint's single error path, with the headers Go's net/http/pprof sets.

import type { ServerResponse } from 'node:http';

/** serveError answers with Go's pprof error shape: plain text, X-Go-Pprof, message plus newline. */
export function serveError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    // Too late for a status: the client sees a truncated body instead.
    res.destroy();
    return;
  }
  res.removeHeader('Content-Disposition');
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Go-Pprof', '1');
  res.statusCode = status;
  res.end(message + '\n');
}
