// npm run demo: starts the example service with fluoro loaded, puts load on
// it, fetches a CPU and a heap profile from its /debug/pprof/ endpoint, saves
// them and prints what is hot and what holds memory.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { decodeProfile } from '@fluoro/profile';

const outDir = resolve('demo-output');
const seconds = Number(process.env.DEMO_SECONDS ?? 3);

function get(url) {
  return new Promise((ok, fail) => {
    request(url, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, body: Buffer.concat(chunks) }));
    }).on('error', fail).end();
  });
}

function startService() {
  const child = spawn(process.execPath, ['--import', 'fluoro/listen', 'examples/service/server.mjs'], {
    env: { ...process.env, PORT: '0', FLUORO_ADDR: '127.0.0.1:0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave the service behind, whatever ends the demo.
  process.once('exit', () => child.kill());
  const found = {};
  return new Promise((ok, fail) => {
    const scan = (text) => {
      found.app ??= /service listening on (\S+)/.exec(text)?.[1];
      found.pprof ??= /fluoro: serving profiles at (\S+)/.exec(text)?.[1];
      if (found.app && found.pprof) ok({ child, ...found });
    };
    child.stdout.on('data', (c) => scan(c.toString()));
    child.stderr.on('data', (c) => scan(c.toString()));
    child.on('exit', (code) => fail(new Error(`service exited with ${code}`)));
  });
}

async function load(base, ms) {
  const end = Date.now() + ms;
  let n = 0;
  const worker = async () => {
    while (Date.now() < end) {
      await get(base + (n++ % 4 === 0 ? 'session' : 'checkout'));
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return n;
}

// topByFlat sums a sample type by leaf function: a quick look; `go tool pprof`
// (and soon `fluoro pprof`) give the full reports.
function topByFlat(profile, typeName, count = 8) {
  const index = profile.sampleType.findIndex((t) => t.type === typeName);
  const flat = new Map();
  let total = 0;
  for (const s of profile.sample) {
    const v = s.value[index];
    total += v;
    const leaf = s.location[0]?.line[0];
    const key = leaf ? `${leaf.function.name} ${leaf.function.filename}:${leaf.line}` : '(unknown)';
    flat.set(key, (flat.get(key) ?? 0) + v);
  }
  const rows = [...flat].sort((a, b) => b[1] - a[1]).slice(0, count);
  return rows.map(([name, v]) => `  ${((100 * v) / (total || 1)).toFixed(1).padStart(5)}%  ${name}`).join('\n');
}

const service = await startService();
console.log(`example service: ${service.app}  profiler: ${service.pprof}`);
try {
  console.log(`putting load on it for ${seconds + 1}s while fetching a ${seconds}s CPU profile...`);
  const [cpu, requests] = await Promise.all([get(`${service.pprof}profile?seconds=${seconds}`), load(service.app, (seconds + 1) * 1000)]);
  const heap = await get(`${service.pprof}heap`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${outDir}/cpu.pb.gz`, cpu.body);
  writeFileSync(`${outDir}/heap.pb.gz`, heap.body);
  console.log(`${requests} requests served\n`);
  console.log('hottest functions (self CPU time):');
  console.log(topByFlat(decodeProfile(cpu.body), 'cpu'));
  console.log('\nlargest live memory by allocating function (inuse_space):');
  console.log(topByFlat(decodeProfile(heap.body), 'inuse_space'));
  console.log(`\nprofiles saved in ${outDir}/. Explore them with:`);
  console.log(`  go tool pprof -top ${outDir}/cpu.pb.gz`);
  console.log(`  go tool pprof -http=127.0.0.1:8081 ${outDir}/heap.pb.gz`);
} finally {
  service.child.kill();
}
