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

import { fileURLToPath } from 'node:url';
import { benchApp } from './lib/apps.mjs';
import { listeningPort, profilesUrl, startApp, stopApp } from './lib/app-process.mjs';
import { parseBenchArgs, positiveFlags } from './lib/args.mjs';
import { startLoad } from './lib/load.mjs';
import { median, medianCI } from './lib/measure.mjs';
import { pct } from './lib/table.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const flags = parseBenchArgs(import.meta.url, {
  strings: { toggle: 'heap,keeper', app: 'orders', pairs: '60', generations: '3', seconds: '1', warmup: '0.3', connections: '32' },
});
const app = benchApp(flags.app);
const { pairs, generations, seconds, warmup, connections } = positiveFlags(flags, {
  counts: ['pairs', 'generations', 'connections'],
  amounts: ['seconds', 'warmup'],
});

const load = startLoad();

/** startToggled starts the app with fluoro-parts' toggle part, whose control endpoint switches the profilers. */
function startToggled() {
  return startApp({
    name: 'app',
    cmd: process.execPath,
    args: ['--import', here('./apps/fluoro-parts.mjs'), app.path],
    env: { ...process.env, PORT: '0', FLUORO_BENCH_PARTS: 'toggle', FLUORO_BENCH_TOGGLE: flags.toggle, ...app.env },
    ready: (out, err) => {
      const port = listeningPort(out);
      const control = profilesUrl(err);
      return port && control ? { port, control } : undefined;
    },
    failure: /did not start/,
  });
}

/** block switches the profilers on or off and measures a window of windowS seconds. */
async function block(a, on, windowS) {
  const res = await fetch(`${a.control}${on ? 'on' : 'off'}`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`toggle ${on ? 'on' : 'off'}: ${res.status} ${await res.text()}`);
  const w = await load.measure(a, { connections, warmupS: warmup, windowS });
  return { on, mainUs: w.mainUsPerReq, allUs: w.cpuUsPerReq, rps: w.rps };
}

console.log(
  `toggle bench: ${flags.toggle} on vs off in one process, app ${flags.app}, ${pairs} pairs of ${seconds} s blocks x ${generations} generations, ` +
    `${connections} connections; node ${process.version}`,
);
const byGeneration = [];
try {
  for (let g = 0; g < generations; g++) {
    const a = await startToggled();
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
      console.log(`generation ${g + 1}: main-thread CPU/request ${pct(m, 2)} (off: ${median(ratios.map((r) => r.offMainUs)).toFixed(1)} us)`);
    } finally {
      await stopApp(a);
    }
  }
} finally {
  load.stop();
}

const all = byGeneration.flat();
const line = (name, key) => {
  const ci = medianCI(all.map((r) => [r[key]]));
  return `  ${name}: ${pct(median(all.map((r) => r[key])), 2)} (90% CI ${pct(ci[0], 2)} .. ${pct(ci[1], 2)})`;
};
console.log(`\n${flags.toggle} on vs off, ${all.length} pairs (median of per-pair differences):`);
console.log(line('main-thread CPU per request', 'main'));
console.log(line('all-thread CPU per request', 'all'));
console.log(line('throughput (1 - on/off req/s)', 'thr'));
