// Makes packages/cli/test/fixtures/trace/app.trace.json.gz, the small real
// trace that fluoro trace's fast tests read: the fixture service
// (test/fixtures/trace/app.mjs) under `node --import fluoro/listen`, a
// 1.2 s trace from its /debug/pprof/trace while GET /slow runs in a loop,
// GET /report holds the loop 300 ms and GET /evil records hostile names.
// The repository's path in the trace becomes /srv/fluoro, so the fixture
// does not carry the path of the machine that made it. Run after
// `npm run build`:
//   node scripts/make-trace-fixture.mjs
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'packages/cli/test/fixtures/trace');
const out = join(dir, 'app.trace.json.gz');
const MAX_BYTES = 200 * 1024;

const app = spawn(process.execPath, ['--import', 'fluoro/listen', join(dir, 'app.mjs')], {
  cwd: root,
  env: { ...process.env, FLUORO_ADDR: '127.0.0.1:0' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
try {
  let stderr = '';
  const listen = new Promise((resolve, reject) => {
    app.stderr.on('data', (d) => {
      stderr += d;
      const m = /serving profiles at (\S+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    app.once('exit', (code) => reject(new Error(`app exited with ${code}: ${stderr}`)));
  });
  const site = new Promise((resolve) => {
    createInterface({ input: app.stdout }).on('line', (l) => {
      if (l.startsWith('ready ')) resolve(l.slice('ready '.length));
    });
  });
  const [endpoint, base] = await Promise.all([listen, site]);
  const get = async (path) => (await fetch(base + path)).text();
  const traced = fetch(`${endpoint}trace?seconds=1.2`).then(async (r) => {
    if (r.status !== 200) throw new Error(`trace: ${r.status} ${await r.text()}`);
    return Buffer.from(await r.arrayBuffer());
  });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  let running = true;
  const slowLoop = (async () => {
    while (running) await get('/slow');
  })();
  await sleep(150);
  await get('/evil');
  await sleep(150);
  await get('/report');
  const body = await traced;
  running = false;
  await slowLoop;
  const json = gunzipSync(body).toString('utf8').replaceAll(root + '/', '/srv/fluoro/');
  const gz = gzipSync(json, { level: 9 });
  if (gz.length > MAX_BYTES) throw new Error(`trace is ${gz.length} bytes, over ${MAX_BYTES}`);
  writeFileSync(out, gz);
  console.log(`wrote ${out} (${gz.length} bytes)`);
} finally {
  app.kill();
}
