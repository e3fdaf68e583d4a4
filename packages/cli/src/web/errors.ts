// One error path for the web server, as Go's net/http/pprof has: plain text,
// nosniff, the message and a newline.

import type { ServerResponse } from 'node:http';

/** serveError answers with status and a one-line plain-text message. */
export function serveError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  res.end(message.split('\n')[0] + '\n');
}
