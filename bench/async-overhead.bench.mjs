#!/usr/bin/env node
// What fluoro's async_hooks-based features cost: async tracking (the
// goroutine profile's creation stacks; FLUORO_ASYNC=1 tracks a twentieth of each
// second, FLUORO_ASYNC=continuous all the time), the block and mutex
// profiles (FLUORO_BLOCK_RATE / FLUORO_MUTEX_FRACTION), and labels
// (withLabels around every request).
//
//   npm run build && node bench/async-overhead.bench.mjs [--rounds 12]
//       [--generations 12] [--modes fluoro,fluoro-again,hook-once,async,...]
//       [--variants heavy,light] [--micro-runs 3] [--no-http] [--no-micro]
//
// Two parts:
// 1. micro: 300,000 awaits in a loop (bench/async-overhead-micro.mjs), the
//    worst case (nothing but promises), each mode in a fresh process.
// 2. HTTP: bench/overhead.bench.mjs on the promise-heavy service
//    (bench/apps/promises-app.mjs; `heavy` makes ~200 promises per request,
//    `light` ~30), against `fluoro` (fluoro/listen loaded, nothing async on):
//    the question is what turning the feature on costs. fluoro-again (the
//    same as fluoro in other processes) shows the noise between processes;
//    hook-once the part no async_hooks-based tool can avoid (see
//    bench/apps/promises-app.mjs). One round per generation of processes,
//    because the noise is between processes, not between rounds.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './lib/measure.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '12' },
    generations: { type: 'string' },
    seconds: { type: 'string', default: '2' },
    modes: { type: 'string', default: 'fluoro,fluoro-again,hook-once,async,async-continuous,block+mutex,labels' },
    'micro-runs': { type: 'string', default: '3' },
    variants: { type: 'string', default: 'heavy,light' },
    'no-http': { type: 'boolean', default: false },
    'no-micro': { type: 'boolean', default: false },
  },
});

const MICRO_MODES = ['none', 'async', 'block+mutex', 'labels'];
const VARIANT_APPS = { heavy: 'promises', light: 'promises-light' };


function micro() {
  const runs = Number(flags['micro-runs']);
  console.log(`\n## micro: 300,000 awaits (median of ${runs} fresh processes)\n`);
  console.log('| mode | CPU ms | vs none |\n| --- | ---: | ---: |');
  let base;
  for (const mode of MICRO_MODES) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const out = spawnSync(process.execPath, [here('./async-overhead-micro.mjs'), mode], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`micro ${mode}: ${out.stderr}`);
      times.push(Number(out.stdout.trim()));
    }
    const ms = median(times);
    base ??= ms;
    console.log(`| ${mode} | ${ms.toFixed(0)} | ${(ms / base).toFixed(1)}x |`);
  }
}

function http(variant) {
  const app = VARIANT_APPS[variant];
  if (app === undefined) throw new Error(`unknown variant ${variant}; known: ${Object.keys(VARIANT_APPS).join(', ')}`);
  console.log(`\n## HTTP, ${variant} (--app ${app})\n`);
  const args = [
    here('./overhead.bench.mjs'),
    ...['--app', app, '--base', 'fluoro', '--modes', flags.modes, '--connections', '16'],
    ...['--rounds', flags.rounds, '--generations', flags.generations ?? flags.rounds, '--seconds', flags.seconds],
  ];
  const { status } = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (status !== 0) throw new Error(`overhead.bench.mjs (${variant}) exited with ${status}`);
}

console.log(`# async tracking overhead (node ${process.version}, ${new Date().toISOString()})`);
if (!flags['no-micro']) micro();
if (!flags['no-http']) for (const v of flags.variants.split(',')) http(v);
