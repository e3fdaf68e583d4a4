// The app under test for bench/overhead.bench.mjs: a small node:http JSON
// service of the usual kind. GET /api/orders?user=N builds a user's order
// history (objects, arrays, strings), does a little arithmetic and sorting,
// serializes it with JSON.stringify and keeps the last responses in a cache,
// so the heap holds some live data for the heap sampler to see.
//
// It knows nothing about fluoro: the bench loads fluoro with
// `node --import fluoro/listen bench/apps/orders-app.mjs`, as a user would.
// PORT=0 picks a free port; the app prints `listening PORT` on stdout.

import { createServer } from 'node:http';
import { rng } from './rng.mjs';

const PRODUCTS = Array.from({ length: 200 }, (_, i) => ({
  sku: `SKU-${String(i).padStart(5, '0')}`,
  name: `Product ${i} ${['red', 'green', 'blue', 'black'][i % 4]}`,
  priceCents: 199 + ((i * 7919) % 20000),
  tags: ['home', 'garden', 'tools', 'toys', 'books'].filter((_, t) => (i + t) % 3 === 0),
}));

function ordersFor(user) {
  const rand = rng(user * 2654435761);
  const orders = [];
  for (let o = 0; o < 12; o++) {
    const items = [];
    const n = 1 + Math.floor(rand() * 6);
    for (let k = 0; k < n; k++) {
      const p = PRODUCTS[Math.floor(rand() * PRODUCTS.length)];
      const qty = 1 + Math.floor(rand() * 4);
      items.push({ sku: p.sku, name: p.name, qty, unitCents: p.priceCents, lineCents: qty * p.priceCents, tags: p.tags });
    }
    const subtotal = items.reduce((sum, it) => sum + it.lineCents, 0);
    const tax = Math.round(subtotal * 0.0825);
    orders.push({
      id: `ord_${user}_${o}`,
      placedAt: new Date(1_700_000_000_000 + Math.floor(rand() * 3e10)).toISOString(),
      status: ['placed', 'shipped', 'delivered', 'returned'][Math.floor(rand() * 4)],
      items,
      subtotalCents: subtotal,
      taxCents: tax,
      totalCents: subtotal + tax,
    });
  }
  orders.sort((a, b) => (a.placedAt < b.placedAt ? 1 : -1));
  const spent = orders.reduce((sum, o) => sum + (o.status === 'returned' ? 0 : o.totalCents), 0);
  return { user, orderCount: orders.length, lifetimeCents: spent, orders };
}

// The last CACHE_SIZE response bodies stay alive (a few MB), like a small response cache.
const CACHE_SIZE = 2000;
const cache = new Array(CACHE_SIZE);
let cacheNext = 0;

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname !== '/api/orders') {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
    return;
  }
  const user = Number(url.searchParams.get('user') ?? 1);
  const body = JSON.stringify(ordersFor(user));
  cache[cacheNext] = body;
  cacheNext = (cacheNext + 1) % CACHE_SIZE;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
