#!/usr/bin/env node
// What fluoro's async_hooks-based features cost: async tracking (the
// goroutine profile's creation stacks; FLUORO_ASYNC=1 tracks a tenth of each
// second, FLUORO_ASYNC=continuous all the time), the block and
// mutex profiles (FLUORO_BLOCK_RATE / FLUORO_MUTEX_FRACTION), and labels
// (withLabels around every request).
//
//   npm run build && node bench/async-overhead.bench.mjs [--rounds 5]
//       [--seconds 2] [--connections 16] [--modes plain,fluoro,async,...]
//       [--variants heavy,light] [--micro-runs 3] [--no-http] [--no-micro]
//
// Two parts:
// 1. micro: 300,000 awaits in a loop (bench/async-overhead-micro.mjs), the
//    worst case (nothing but promises), each mode in a fresh process.
// 2. HTTP: a promise-heavy JSON service (bench/async-overhead-app.mjs; the
//    `heavy` variant makes ~200 promises per request, `light` ~30) under a closed-loop keep-alive load
//    (bench/apps/load.mjs, a separate process). One app process per mode,
//    warmed up, then frozen (SIGSTOP); each round visits every mode once in a
//    rotated order, thawing only the app being measured. Reported per mode:
//    median req/s, main-process CPU per request (from /proc, all threads),
//    and the overhead against `fluoro` (fluoro/listen loaded, nothing async
//    on), as the median of per-round paired differences. Against `fluoro`,
//    because the question is what turning the feature on costs. The
//    `hook-floor` mode enables an async_hooks hook that does nothing: the
//    part of the cost that is Node's, paid by any async_hooks-based tool.

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const appPath = here('./async-overhead-app.mjs');
const microPath = here('./async-overhead-micro.mjs');
const loadPath = here('./apps/load.mjs');

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '0.5' },
    'jit-warmup': { type: 'string', default: '2' },
    connections: { type: 'string', default: '16' },
    modes: { type: 'string', default: 'plain,fluoro,hook-floor,async,async-continuous,block+mutex,labels' },
    'micro-runs': { type: 'string', default: '3' },
    variants: { type: 'string', default: 'heavy,light' },
    'no-http': { type: 'boolean', default: false },
    'no-micro': { type: 'boolean', default: false },
  },
});

// How each mode starts the app: extra node flags and environment.
const MODES = {
  plain: { args: [], env: {} },
  fluoro: { args: ['--import', 'fluoro/listen'], env: {} },
  'hook-floor': { args: ['--import', 'fluoro/listen'], env: { HOOK_FLOOR: '1' } },
  async: { args: ['--import', 'fluoro/listen'], env: { FLUORO_ASYNC: '1' } },
  'async-continuous': { args: ['--import', 'fluoro/listen'], env: { FLUORO_ASYNC: 'continuous' } },
  'block+mutex': { args: ['--import', 'fluoro/listen'], env: { FLUORO_BLOCK_RATE: '10000', FLUORO_MUTEX_FRACTION: '10' } },
  'async+block+mutex': { args: ['--import', 'fluoro/listen'], env: { FLUORO_ASYNC: '1', FLUORO_BLOCK_RATE: '10000', FLUORO_MUTEX_FRACTION: '10' } },
  labels: { args: ['--import', 'fluoro/listen'], env: { LABELS: '1' } },
};
const MICRO_MODES = ['none', 'async', 'block+mutex', 'labels'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

function micro() {
  const runs = Number(flags['micro-runs']);
  console.log(`\n## micro: 300,000 awaits (median of ${runs} fresh processes)\n`);
  console.log('| mode | CPU ms | vs none |\n| --- | ---: | ---: |');
  let base;
  for (const mode of MICRO_MODES) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const out = spawnSync(process.execPath, [microPath, mode], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`micro ${mode}: ${out.stderr}`);
      times.push(Number(out.stdout.trim()));
    }
    const ms = median(times);
    base ??= ms;
    console.log(`| ${mode} | ${ms.toFixed(0)} | ${(ms / base).toFixed(1)}x |`);
  }
}

function startApp(mode, variant) {
  const { args, env } = MODES[mode];
  const child = spawn(process.execPath, [...args, appPath], {
    env: { ...process.env, PORT: '0', FLUORO_ADDR: '127.0.0.1:0', LIGHT: variant === 'light' ? '1' : '0', ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ mode, child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`app (${mode}) exited with ${code}`)));
  });
}

// cpuSeconds reads a process's user+system CPU time (all threads) from /proc.
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function window(load, app, seconds, warmup) {
  return new Promise((resolve, reject) => {
    let cpu0 = 0;
    const onMessage = (msg) => {
      if (msg.kind === 'window-start') cpu0 = cpuSeconds(app.child.pid);
      if (msg.kind === 'window-end') {
        load.off('message', onMessage);
        resolve({ ...msg, cpu: cpuSeconds(app.child.pid) - cpu0 });
      }
    };
    load.on('message', onMessage);
    load.once('error', reject);
    load.setMaxListeners(0);
    load.send({ kind: 'window', port: app.port, connections: Number(flags.connections), warmupMs: warmup * 1000, windowMs: seconds * 1000 });
  });
}

async function http(variant) {
  const modes = flags.modes.split(',');
  for (const m of modes) if (!(m in MODES)) throw new Error(`unknown mode ${m}; modes: ${Object.keys(MODES).join(', ')}`);
  const rounds = Number(flags.rounds);
  const seconds = Number(flags.seconds);
  const load = spawn(process.execPath, [loadPath], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const apps = [];
  try {
    for (const m of modes) apps.push(await startApp(m, variant));
    for (const app of apps) {
      await window(load, app, Number(flags['jit-warmup']), 0.2);
      app.child.kill('SIGSTOP');
    }
    const results = Object.fromEntries(modes.map((m) => [m, []]));
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < apps.length; k++) {
        const app = apps[(k + r) % apps.length];
        app.child.kill('SIGCONT');
        const w = await window(load, app, seconds, Number(flags.warmup));
        app.child.kill('SIGSTOP');
        if (w.errors > 0) throw new Error(`${app.mode}: ${w.errors} failed requests`);
        results[app.mode].push({ rps: w.requests / w.seconds, cpuPerReq: w.cpu / w.requests });
      }
      process.stderr.write(`round ${r + 1}/${rounds} done\n`);
    }
    report(modes, results, rounds, variant);
  } finally {
    for (const app of apps) {
      app.child.kill('SIGCONT');
      app.child.kill('SIGKILL');
    }
    load.kill();
  }
}

function report(modes, results, rounds, variant) {
  const base = modes.includes('fluoro') ? 'fluoro' : modes[0];
  const promises = variant === 'light' ? '~30' : '~200';
  console.log(`\n## HTTP, ${variant} (${promises} promises per request): ${rounds} rounds of ${flags.seconds} s, ${flags.connections} connections\n`);
  console.log(`| mode | req/s (median) | CPU/request | req/s vs ${base}, paired median | CPU/request vs ${base}, paired median |`);
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const m of modes) {
    const rs = results[m];
    const paired = (key, invert) =>
      m === base ? '-' : pct(median(rs.map((x, i) => (invert ? results[base][i][key] / x[key] : x[key] / results[base][i][key]) - 1)));
    console.log(
      `| ${m} | ${median(rs.map((x) => x.rps)).toFixed(0)} | ${(median(rs.map((x) => x.cpuPerReq)) * 1e6).toFixed(1)} us | ${paired('rps', true)} | ${paired('cpuPerReq', false)} |`,
    );
  }
  console.log(`\n(req/s overhead is base/mode - 1, so +5% means 5% more time per request.)`);
}

console.log(`# async tracking overhead (node ${process.version}, ${new Date().toISOString()})`);
if (!flags['no-micro']) micro();
if (!flags['no-http']) for (const variant of flags.variants.split(',')) await http(variant);
