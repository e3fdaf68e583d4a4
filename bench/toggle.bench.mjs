#!/usr/bin/env node
// What fluoro's profilers cost while they are on, measured inside one app
// process: the same process serves load with the profilers on and off in
// alternating one-second blocks, and each "on" block is compared with the
// "off" block next to it. Comparing separate processes (overhead.bench.mjs)
// carries process-to-process noise of several percent (two identical
// processes differ by up to 5%), which hides a 1% cost; within one process,
// with neighbouring blocks, the noise left is the machine's from one second
// to the next.
//
//   npm run build && node bench/toggle.bench.mjs [--toggle heap,keeper]
//       [--app orders|promises|promises-light] [--pairs 60] [--generations 3]
//       [--seconds 1] [--warmup 0.3] [--connections 32]
//
// --toggle names what is switched (bench/apps/fluoro-parts.mjs, part
// `toggle`): heap (V8's sampling heap profiler at 512 KiB), keeper (a
// background 100 Hz CPU profile), profile (a requested 100 Hz CPU profile).
// Blocks run in the order on, off, off, on, ... so drift cancels. What this
// cannot see is the cost of fluoro merely being loaded with everything off
// (an idle worker thread and an inspector session): compare processes for
// that (overhead.bench.mjs --modes plain,session-only).
//
// Reported: main-thread CPU per request (from /proc, less sensitive to other
// load than req/s) and req/s, as the median of the per-pair on/off ratios
// with a bootstrap 90% confidence interval, and per generation.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchApp } from './lib/apps.mjs';
import { cpuDelta, median, medianCI, threadTimes } from './lib/measure.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const { values: flags } = parseArgs({
  options: {
    toggle: { type: 'string', default: 'heap,keeper' },
    app: { type: 'string', default: 'orders' },
    pairs: { type: 'string', default: '60' },
    generations: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '0.3' },
    connections: { type: 'string', default: '32' },
  },
});
const app = benchApp(flags.app);
const pairs = Number(flags.pairs);
const generations = Number(flags.generations);
const seconds = Number(flags.seconds);
const warmup = Number(flags.warmup);
const connections = Number(flags.connections);

const pct = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}%`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const load = spawn(process.execPath, [here('./apps/load.mjs')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const nextMessage = (kind) =>
  new Promise((resolve, reject) => {
    const onMsg = (m) => {
      if (m.kind !== kind) return;
      load.off('message', onMsg);
      load.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code) => reject(new Error(`load generator exited (${code})`));
    load.on('message', onMsg);
    load.once('exit', onExit);
  });

async function startApp() {
  const child = spawn(process.execPath, ['--import', here('./apps/fluoro-parts.mjs'), app.path], {
    env: { ...process.env, PORT: '0', FLUORO_BENCH_PARTS: 'toggle', FLUORO_BENCH_TOGGLE: flags.toggle, ...app.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const check = () => {
      const port = /listening (\d+)/.exec(out)?.[1];
      const control = /serving profiles at (\S+)/.exec(err)?.[1];
      if (port && control) resolve({ child, port: Number(port), control });
      if (/did not start/.test(err)) reject(new Error(err.trim()));
    };
    child.stdout.on('data', (d) => ((out += d), check()));
    child.stderr.on('data', (d) => ((err += d), check()));
    child.once('exit', (code) => reject(new Error(`app exited (${code}) before listening\n${err}`)));
  });
}

async function block(a, on, windowS) {
  const res = await fetch(`${a.control}${on ? 'on' : 'off'}`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`toggle ${on ? 'on' : 'off'}: ${res.status} ${await res.text()}`);
  load.send({ kind: 'window', port: a.port, connections, warmupMs: warmup * 1000, windowMs: windowS * 1000 });
  await nextMessage('window-start');
  const before = threadTimes(a.child.pid);
  const result = await nextMessage('window-end');
  const after = threadTimes(a.child.pid);
  if (result.errors > 0) throw new Error(`${result.errors} non-200 responses`);
  const cpu = cpuDelta(a.child.pid, before, after);
  return { on, mainUs: cpu.main / 1000 / result.requests, allUs: cpu.total / 1000 / result.requests, rps: result.requests / result.seconds };
}

console.log(
  `toggle bench: ${flags.toggle} on vs off in one process, app ${flags.app}, ${pairs} pairs of ${seconds} s blocks x ${generations} generations, ` +
    `${connections} connections; node ${process.version}`,
);
const byGeneration = [];
try {
  for (let g = 0; g < generations; g++) {
    const a = await startApp();
    try {
      // JIT warm-up, half on and half off, so neither state compiles the code alone.
      await block(a, true, 1.5);
      await block(a, false, 1.5);
      const ratios = [];
      for (let p = 0; p < pairs; p++) {
        // on, off, off, on, ...: each pair's first block alternates, so slow drift cancels.
        const first = await block(a, p % 2 === 0, seconds);
        const second = await block(a, p % 2 !== 0, seconds);
        const [on, off] = first.on ? [first, second] : [second, first];
        ratios.push({
          main: (on.mainUs / off.mainUs - 1) * 100,
          all: (on.allUs / off.allUs - 1) * 100,
          thr: (1 - on.rps / off.rps) * 100,
          offMainUs: off.mainUs,
        });
      }
      byGeneration.push(ratios);
      const m = median(ratios.map((r) => r.main));
      console.log(`generation ${g + 1}: main-thread CPU/request ${pct(m)} (off: ${median(ratios.map((r) => r.offMainUs)).toFixed(1)} us)`);
    } finally {
      a.child.kill('SIGKILL');
      await sleep(100);
    }
  }
} finally {
  load.kill();
}

const all = byGeneration.flat();
const line = (name, key) => {
  const ci = medianCI(all.map((r) => [r[key]]));
  return `  ${name}: ${pct(median(all.map((r) => r[key])))} (90% CI ${pct(ci[0])} .. ${pct(ci[1])})`;
};
console.log(`\n${flags.toggle} on vs off, ${all.length} pairs (median of per-pair differences):`);
console.log(line('main-thread CPU per request', 'main'));
console.log(line('all-thread CPU per request', 'all'));
console.log(line('throughput (1 - on/off req/s)', 'thr'));
