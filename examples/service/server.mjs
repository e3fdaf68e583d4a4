// An example service with the two classic problems: a CPU-heavy endpoint
// (/checkout renders and hashes a big order) and a leak (/session keeps every
// session forever). Run it with the profiler loaded:
//   FLUORO_ADDR=127.0.0.1:6060 node --import fluoro/listen examples/service/server.mjs
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

function priceLines(n) {
  const lines = [];
  for (let i = 0; i < n; i++) lines.push({ sku: `sku-${i}`, qty: (i % 7) + 1, price: ((i * 7919) % 10000) / 100 });
  return lines;
}

function signOrder(order) {
  let digest = JSON.stringify(order);
  for (let i = 0; i < 50; i++) digest = createHash('sha256').update(digest).digest('hex');
  return digest;
}

function checkout() {
  const order = { id: Date.now(), lines: priceLines(2000) };
  const total = order.lines.reduce((sum, l) => sum + l.qty * l.price, 0);
  return { total, signature: signOrder(order) };
}

const sessions = [];
function rememberSession(req) {
  // The leak: nothing ever removes a session.
  sessions.push({ headers: { ...req.headers }, seen: Date.now(), scratch: new Array(2048).fill(sessions.length) });
  return sessions.length;
}

const server = createServer((req, res) => {
  const body = req.url === '/checkout' ? checkout() : req.url === '/session' ? { sessions: rememberSession(req) } : { ok: true };
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
});
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  process.stdout.write(`service listening on http://127.0.0.1:${server.address().port}/\n`);
});
