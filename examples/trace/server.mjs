// The service of docs/trace.md, "Tracing a slow request": GET /slow takes
// half a second now and then, for two reasons a trace shows. It waits
// 200 ms for an upstream inventory service, and it waits for the event loop
// while GET /report holds it for 300 ms in buildReport.
//   node --import fluoro/listen examples/trace/server.mjs
//   node examples/trace/load.mjs
//   npx fluoro trace -summary 'http://127.0.0.1:6060/debug/pprof/trace?seconds=2'
import { createServer } from 'node:http';
import { log, withRegion, withTask } from 'fluoro/trace';

// The upstream runs in this process to keep the example one file; it answers
// after 200 ms, as a slow dependency would.
const upstream = createServer((_req, res) => {
  setTimeout(() => res.end(JSON.stringify({ items: [3, 1, 4, 1, 5] })), 200);
});

/** buildReport is the synchronous work of GET /report: 300 ms of the loop. */
function buildReport() {
  const end = performance.now() + 300;
  let rows = 0;
  while (performance.now() < end) rows++;
  return rows;
}

async function fetchInventory(base) {
  const res = await fetch(`${base}/inventory`);
  return res.json();
}

function render(inventory) {
  return `${inventory.items.length} items\n`;
}

/** slow is GET /slow: a user task with a region per step. */
async function slow(base) {
  return withTask('slow', async () => {
    const inventory = await withRegion('fetch inventory', () => fetchInventory(base));
    log('inventory', `${inventory.items.length} items`);
    return withRegion('render', () => render(inventory));
  });
}

upstream.listen(0, '127.0.0.1', () => {
  const base = `http://127.0.0.1:${upstream.address().port}`;
  const app = createServer(async (req, res) => {
    if (req.url === '/slow') return res.end(await slow(base));
    if (req.url === '/report') return res.end(`${buildReport()} rows\n`);
    res.statusCode = 404;
    res.end('not found\n');
  });
  app.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${app.address().port}/`);
  });
});
