// An example service with the two classic problems: a CPU-heavy endpoint
// (/checkout, orders.ts) and a leak (/session, sessions.ts). Build it and run
// it with the profiler loaded:
//   npx tsc -p examples/service
//   FLUORO_ADDR=127.0.0.1:6060 node --import fluoro/listen examples/service/dist/server.js
// fluoro maps the compiled JavaScript back to these .ts files through the
// source maps tsc writes next to it.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkout } from './orders.js';
import { rememberSession } from './sessions.js';

function route(req: IncomingMessage): unknown {
  switch (req.url) {
    case '/checkout':
      return checkout();
    case '/session':
      return { sessions: rememberSession(req) };
    default:
      return { ok: true };
  }
}

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const body = route(req);
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`service listening on http://127.0.0.1:${port}/\n`);
});
