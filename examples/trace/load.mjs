// Load for examples/trace/server.mjs: GET /slow one after another, and
// GET /report once a second, until stopped (or for SECONDS seconds).
//   node examples/trace/load.mjs [http://127.0.0.1:8080] [SECONDS]
const base = (process.argv[2] ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const seconds = Number(process.argv[3] ?? Infinity);
const until = Date.now() + seconds * 1000;

async function get(path) {
  const res = await fetch(base + path);
  await res.text();
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
}

async function slowLoop() {
  while (Date.now() < until) await get('/slow');
}

async function reportLoop() {
  while (Date.now() < until) {
    await get('/report');
    await new Promise((r) => setTimeout(r, 1000));
  }
}

await Promise.all([slowLoop(), reportLoop()]);
