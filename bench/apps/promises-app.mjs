// The promise-heavy app of bench/overhead.bench.mjs (`--app promises`;
// `--app promises-light` sets LIGHT=1): a node:http JSON service.
// GET /api/orders?user=N loads a user's orders through a layered async "repository" (every order, and every item of it,
// is an awaited call; one await per request goes through a real
// setImmediate, like a database round trip): about 200 promises per request.
// With LIGHT=1 items are built synchronously and only the orders are
// awaited: about 30 promises per request, closer to a typical service.
//
// fluoro is loaded by the bench (`node --import fluoro/listen`); with
// LABELS=1 the app wraps each request in withLabels, as a user would.
// Node 20's AsyncLocalStorage (behind withLabels) is itself an async_hooks
// user, so the hook modes below are the floor under labels too.
// PORT=0 picks a free port; the app prints `listening PORT` on stdout.

import { createHook } from 'node:async_hooks';
import { createServer } from 'node:http';
import { rng } from './rng.mjs';

// HOOK_FLOOR=1 enables an async_hooks hook that does nothing: what Node's
// own machinery costs, which any async_hooks-based tracking pays.
if (process.env.HOOK_FLOOR === '1') createHook({ init() {} }).enable();
// HOOK_ONCE=1 enables that hook for the first 3 s only, as tracking windows
// do: what stays after it is off is V8's, whose promise fast paths, once any
// promise hook was set, stay off for the life of the process.
if (process.env.HOOK_ONCE === '1') {
  const hook = createHook({ init() {} }).enable();
  setTimeout(() => hook.disable(), 3000).unref();
}

const withLabels = process.env.LABELS === '1' ? (await import('fluoro')).withLabels : (_labels, fn) => fn();

const PRODUCTS = Array.from({ length: 200 }, (_, i) => ({
  sku: `SKU-${String(i).padStart(5, '0')}`,
  name: `Product ${i}`,
  priceCents: 199 + ((i * 7919) % 20000),
}));

// The repository: each lookup is an async function, as with a real driver.
async function findProduct(rand) {
  return PRODUCTS[Math.floor(rand() * PRODUCTS.length)];
}
async function loadItem(rand) {
  const p = await findProduct(rand);
  const qty = 1 + Math.floor(rand() * 4);
  return { sku: p.sku, name: p.name, qty, lineCents: qty * p.priceCents };
}
const LIGHT = process.env.LIGHT === '1';
function buildItem(rand) {
  const p = PRODUCTS[Math.floor(rand() * PRODUCTS.length)];
  const qty = 1 + Math.floor(rand() * 4);
  return { sku: p.sku, name: p.name, qty, lineCents: qty * p.priceCents };
}
async function loadOrder(user, o, rand) {
  const n = 1 + Math.floor(rand() * 6);
  const items = [];
  for (let k = 0; k < n; k++) items.push(LIGHT ? buildItem(rand) : await loadItem(rand));
  const subtotal = items.reduce((sum, it) => sum + it.lineCents, 0);
  return { id: `ord_${user}_${o}`, items, subtotalCents: subtotal, totalCents: Math.round(subtotal * 1.0825) };
}
async function roundTrip() {
  await new Promise((resolve) => setImmediate(resolve));
}
async function ordersFor(user) {
  const rand = rng(user * 2654435761);
  await roundTrip();
  const orders = await Promise.all(Array.from({ length: 12 }, (_, o) => loadOrder(user, o, rand)));
  return { user, orderCount: orders.length, orders };
}

const server = createServer((req, res) => {
  withLabels({ route: '/api/orders' }, async () => {
    const user = Number(new URL(req.url, 'http://x').searchParams.get('user') ?? 1);
    const body = JSON.stringify(await ordersFor(user));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
