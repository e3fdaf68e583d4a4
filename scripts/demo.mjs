// npm run demo: builds the example TypeScript service (examples/service,
// tsc with source maps), starts it with fluoro loaded, puts load on it,
// fetches a CPU and a heap profile from its /debug/pprof/ endpoint, prints
// fluoro pprof's reports (which name the .ts files, through the source maps),
// writes a flame graph and says how to open the web UI. Needs no Go.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const outDir = resolve(root, 'demo-output');
const seconds = Number(process.env.DEMO_SECONDS ?? 3);
const fluoroMain = resolve(root, 'packages/cli/dist/src/main.js');
const show = (p) => relative(process.cwd(), p) || '.';

// Whatever happens, the demo ends: a stuck step must not hang CI.
const deadline = setTimeout(() => {
  console.error('demo: gave up after 120 s');
  process.exit(1);
}, 120_000);
deadline.unref();

function get(url) {
  return new Promise((ok, fail) => {
    request(url, { agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, body: Buffer.concat(chunks) }));
    })
      .on('error', fail)
      .end();
  });
}

function buildService() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', resolve(root, 'examples/service')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`compiling examples/service failed:\n${r.stdout}${r.stderr}`);
}

function startService() {
  const child = spawn(process.execPath, ['--import', 'fluoro/listen', resolve(root, 'examples/service/dist/server.js')], {
    cwd: root,
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
    while (Date.now() < end) await get(base + (n++ % 4 === 0 ? 'session' : 'checkout'));
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return n;
}

// fluoro runs the analyzer as a user would, and shows the command it ran.
function fluoro(args, { print = true } = {}) {
  console.log(`$ npx fluoro pprof ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [fluoroMain, 'pprof', ...args], { cwd: process.cwd(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`fluoro pprof ${args.join(' ')} failed:\n${r.stderr}`);
  if (print) process.stdout.write(r.stdout);
  // Warnings pprof prints (e.g. "Main binary filename not available.") are not news here.
  const notes = r.stderr.split('\n').filter((l) => l !== '' && !/Main binary filename not available/.test(l));
  for (const l of notes) console.log(l);
}

console.log('compiling the example service (examples/service/src/*.ts, tsc with source maps)...');
buildService();
const service = await startService();
console.log(`example service: ${service.app}  profiler: ${service.pprof}`);
try {
  console.log(`putting load on it for ${seconds + 1}s while fetching a ${seconds}s CPU profile...`);
  const [cpu, requests] = await Promise.all([get(`${service.pprof}profile?seconds=${seconds}`), load(service.app, (seconds + 1) * 1000)]);
  const heap = await get(`${service.pprof}heap`);
  if (cpu.status !== 200 || heap.status !== 200) throw new Error(`profile requests answered ${cpu.status} and ${heap.status}`);
  mkdirSync(outDir, { recursive: true });
  const cpuFile = show(resolve(outDir, 'cpu.pb.gz'));
  const heapFile = show(resolve(outDir, 'heap.pb.gz'));
  const flameFile = show(resolve(outDir, 'cpu-flamegraph.html'));
  writeFileSync(cpuFile, cpu.body);
  writeFileSync(heapFile, heap.body);
  console.log(`${requests} requests served; profiles saved in ${show(outDir)}/\n`);

  console.log('Where the CPU time goes, by function and .ts line:');
  fluoro(['-top', '-lines', '-nodecount=10', cpuFile]);
  console.log('\nWhat holds memory (live objects by allocating line):');
  fluoro(['-top', '-lines', '-nodecount=5', '-sample_index=inuse_space', heapFile]);
  console.log('\nA flame graph you can open in any browser:');
  fluoro(['-flamegraph', '-output', flameFile, cpuFile]);
  console.log(`\nExplore further:`);
  console.log(`  npx fluoro pprof -http=127.0.0.1:8080 ${cpuFile}    # the web UI: flame graph, top, graph, source`);
  console.log(`  npx fluoro pprof -list=signOrder ${cpuFile}          # per-line costs in orders.ts`);
  console.log(`  go tool pprof -top -lines ${cpuFile}                 # if you have Go: the same numbers`);
} finally {
  service.child.kill();
}
