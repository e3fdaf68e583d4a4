#!/usr/bin/env node
// Trace overhead benchmark (issue 12, item 4): an HTTP service's CPU per
// request with fluoro/listen loaded and no trace (the base), the same again
// in other processes (fluoro-again: the A/A pair, how far two identical
// setups differ), and while a trace runs over the whole measured window
// (fluoro+trace, the default detail; fluoro+trace-async, detail=async, not
// run by default). The goal: a running trace adds at most 10% CPU per
// request. It also reports what a 1 s trace of the loaded service weighs.
//
//   npm run build && node bench/trace-overhead.bench.mjs [--rounds 12]
//       [--generations 4] [--seconds 2] [--warmup 0.5] [--jit-warmup 2]
//       [--connections 32] [--modes fluoro,fluoro-again,fluoro+trace]
//       [--app orders|promises|promises-light] [--json FILE]
//
// Method, as bench/overhead.bench.mjs: one process per mode and generation,
// warmed up under load and frozen (SIGSTOP); each round thaws one app at a
// time in rotating order, loads it with bench/apps/load.mjs (a separate
// process), counts requests over --seconds after --warmup seconds and reads
// the app's CPU time from /proc. A trace mode starts `trace?seconds=N`
// covering warm-up and window; the trace's start (V8 recompiles code for
// its CPU profile) falls in the warm-up. Overheads are paired per round
// against the base, with bootstrap 90% confidence intervals that resample
// generations.

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { benchApp } from './lib/apps.mjs';
import { cpuDelta, median, medianCI, threadTimes } from './lib/measure.mjs';
import { exitWithHelp, positiveFlag } from './lib/args.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const loadPath = fileURLToPath(new URL('./apps/load.mjs', import.meta.url));

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '12' },
    generations: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '0.5' },
    'jit-warmup': { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' },
    modes: { type: 'string', default: 'fluoro,fluoro-again,fluoro+trace' },
    app: { type: 'string', default: 'orders' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
exitWithHelp(flags, import.meta.url);
const positive = (name) => positiveFlag(flags, name);
const rounds = Math.round(positive('rounds'));
const generations = Math.min(rounds, Math.round(positive('generations')));
const seconds = positive('seconds');
const warmup = positive('warmup');
const jitWarmup = positive('jit-warmup');
const connections = Math.round(positive('connections'));
const service = benchApp(flags.app);
const BASE = 'fluoro';

/** MODES: the query of the trace each window runs under, or none. */
const MODES = {
  fluoro: { trace: undefined },
  'fluoro-again': { trace: undefined },
  'fluoro+trace': { trace: '' },
  'fluoro+trace-async': { trace: '&detail=async' },
};
const modes = flags.modes.split(',').filter(Boolean);
for (const m of modes) if (!(m in MODES)) throw new Error(`unknown mode ${m}; known: ${Object.keys(MODES).join(', ')}`);
if (!modes.includes(BASE)) throw new Error(`--modes must include ${BASE}`);
if (!existsSync(fileURLToPath(new URL('../packages/runtime/dist/bundle/listen.js', import.meta.url)))) {
  process.stderr.write('packages/runtime is not built: run `npm run build` first\n');
  process.exit(1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startApp(mode) {
  const child = spawn(process.execPath, ['--import', 'fluoro/listen', service.path], {
    cwd: root,
    env: { ...process.env, PORT: '0', FLUORO_ADDR: '127.0.0.1:0', ...service.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const started = new Promise((resolve, reject) => {
    const check = () => {
      const port = /listening (\d+)/.exec(out)?.[1];
      const url = /serving profiles at (\S+)/.exec(err)?.[1];
      if (port && url) resolve({ port: Number(port), url });
      if (/not listening|listener stopped/.test(err)) reject(new Error(`${mode}: ${err.trim()}`));
    };
    child.stdout.on('data', (d) => ((out += d), check()));
    child.stderr.on('data', (d) => ((err += d), check()));
    exited.then((code) => reject(new Error(`${mode}: app exited (${code}) before listening\n${err}`)));
    setTimeout(() => reject(new Error(`${mode}: app did not start in 30 s\n${err}`)), 30_000).unref();
  });
  try {
    const app = { mode, child, pid: child.pid, exited, stopping: false, ...(await started) };
    // An app that dies mid-run would otherwise show only as the load generator's ECONNREFUSED.
    exited.then((code) => {
      if (!app.stopping) process.stderr.write(`${mode}: app exited (${code}) during the run\n${err}\n`);
    });
    return app;
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

async function stopApp(app) {
  app.stopping = true;
  app.child.kill('SIGCONT');
  app.child.kill('SIGTERM');
  await Promise.race([app.exited, sleep(3000)]);
  app.child.kill('SIGKILL');
}

const load = spawn(process.execPath, [loadPath], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const loadExited = new Promise((resolve) => load.once('exit', resolve)).then((code) => {
  throw new Error(`load generator exited (${code})`);
});
loadExited.catch(() => {});
const nextMessage = (kind) =>
  Promise.race([
    new Promise((resolve) => {
      const onMsg = (m) => {
        if (m.kind === kind) {
          load.off('message', onMsg);
          resolve(m);
        }
      };
      load.on('message', onMsg);
    }),
    loadExited,
  ]);

/** fetchTrace GETs a trace and returns its size and contents' counts. */
async function fetchTrace(url, query, traceSeconds) {
  const res = await fetch(`${url}trace?seconds=${traceSeconds}${query}`);
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`trace answered ${res.status}: ${body.toString().trim()}`);
  const json = gunzipSync(body);
  const file = JSON.parse(json.toString());
  return { seconds: traceSeconds, gzBytes: body.length, jsonBytes: json.length, events: file.traceEvents.length };
}

/** slot thaws an app, loads it for warmupS + windowS seconds (under a trace in trace modes) and measures the window. */
async function slot(app, warmupS, windowS, traceQuery) {
  app.child.kill('SIGCONT');
  const traced = traceQuery === undefined ? undefined : fetchTrace(app.url, traceQuery, Math.ceil((warmupS + windowS + 0.25) * 10) / 10);
  traced?.catch(() => {});
  load.send({ kind: 'window', port: app.port, connections, warmupMs: warmupS * 1000, windowMs: windowS * 1000 });
  await nextMessage('window-start');
  const before = threadTimes(app.pid);
  const result = await nextMessage('window-end');
  const after = threadTimes(app.pid);
  const trace = traced ? await traced : undefined;
  await sleep(50);
  app.child.kill('SIGSTOP');
  if (result.errors > 0) throw new Error(`${app.mode}: ${result.errors} non-200 responses`);
  const cpu = cpuDelta(app.pid, before, after);
  return {
    rps: result.requests / result.seconds,
    cpuUsPerReq: cpu.total / 1000 / result.requests,
    mainUsPerReq: cpu.main / 1000 / result.requests,
    p99: result.latencyMs.p99,
    trace,
  };
}

const fmt = (n, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const pct = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;

const started = new Date();
process.stdout.write(
  `trace overhead bench: ${modes.join(', ')} x ${rounds} rounds (${generations} generations), app ${flags.app}, ` +
    `${seconds} s windows after ${warmup} s of load, ${connections} connections; node ${process.version}, ${availableParallelism()} cpus\n`,
);
const results = Object.fromEntries(modes.map((m) => [m, []]));
let weight;
const live = new Set();
process.on('exit', () => {
  for (const a of live) {
    a.child.kill('SIGCONT');
    a.child.kill('SIGKILL');
  }
});
process.on('SIGINT', () => process.exit(130));
let round = 0;
try {
  for (let g = 0; g < generations; g++) {
    const apps = [];
    for (const mode of modes) {
      const app = await startApp(mode);
      live.add(app);
      apps.push(app);
      await slot(app, jitWarmup, 0.5, undefined);
    }
    const roundsHere = Math.floor(rounds / generations) + (g < rounds % generations ? 1 : 0);
    for (let k = 0; k < roundsHere; k++, round++) {
      const line = [];
      for (let i = 0; i < apps.length; i++) {
        const app = apps[(i + round) % apps.length];
        const res = await slot(app, warmup, seconds, MODES[app.mode].trace);
        results[app.mode].push({ round, generation: g, ...res });
        line.push(`${app.mode} ${fmt(res.mainUsPerReq, 1)} us`);
      }
      process.stdout.write(`round ${round + 1}/${rounds}: main-thread CPU per request ${line.join(', ')}\n`);
    }
    if (g === generations - 1) {
      // What a 1 s trace weighs: the base app under the same load, traced for one second.
      const app = apps[0];
      app.child.kill('SIGCONT');
      load.send({ kind: 'window', port: app.port, connections, warmupMs: 500, windowMs: 1500 });
      await nextMessage('window-start');
      weight = await fetchTrace(app.url, '', 1);
      const window = await nextMessage('window-end');
      weight.rps = window.requests / window.seconds;
      app.child.kill('SIGSTOP');
    }
    for (const app of apps) {
      await stopApp(app);
      live.delete(app);
    }
  }
} finally {
  load.disconnect();
}

const baseOf = (r) => results[BASE].find((x) => x.round === r);
const paired = (xs, f) => {
  const byGen = new Map();
  for (const x of xs) byGen.set(x.generation, [...(byGen.get(x.generation) ?? []), f(x, baseOf(x.round))]);
  const groups = [...byGen.values()];
  return { median: median(groups.flat()), ci: medianCI(groups) };
};
const rows = modes.map((mode) => {
  const xs = results[mode];
  return {
    mode,
    rps: median(xs.map((x) => x.rps)),
    main: median(xs.map((x) => x.mainUsPerReq)),
    cpu: median(xs.map((x) => x.cpuUsPerReq)),
    p99: median(xs.map((x) => x.p99)),
    mainPaired: paired(xs, (x, b) => (x.mainUsPerReq / b.mainUsPerReq - 1) * 100),
    cpuPaired: paired(xs, (x, b) => (x.cpuUsPerReq / b.cpuUsPerReq - 1) * 100),
    rpsPaired: paired(xs, (x, b) => (1 - x.rps / b.rps) * 100),
  };
});
const show = (r, p) => (r.mode === BASE ? '-' : `${pct(p.median)} (${pct(p.ci[0])} .. ${pct(p.ci[1])})`);
const table = [
  ['mode', 'req/s', 'throughput cost (90% CI)', 'main us/req', 'main CPU paired (90% CI)', 'all us/req', 'all threads paired (90% CI)', 'p99 ms'],
  ...rows.map((r) => [r.mode, fmt(r.rps), show(r, r.rpsPaired), fmt(r.main, 1), show(r, r.mainPaired), fmt(r.cpu, 1), show(r, r.cpuPaired), fmt(r.p99, 1)]),
];
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
const render = (row) => `| ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
process.stdout.write(`\n${[render(table[0]), `|${widths.map((w, c) => '-'.repeat(w + 1) + (c === 0 ? '-' : ':')).join('|')}|`, ...table.slice(1).map(render)].join('\n')}\n`);
process.stdout.write(
  `\nPaired: per round against ${BASE} in the same round, median and bootstrap 90% CI (generations resampled). ` +
    `main: the app's main thread; all: every thread (the listener worker builds the trace, V8's sampler thread runs).\n`,
);
const verdict = (p, limit) => (p.ci[1] < limit ? 'met' : p.ci[0] >= limit ? 'MISSED' : `not resolved, median ${p.median >= limit ? 'above' : 'below'}`);
for (const r of rows) {
  if (MODES[r.mode].trace === undefined) continue;
  process.stdout.write(
    `target ${r.mode} <= +10% CPU per request vs ${BASE}: main thread ${verdict(r.mainPaired, 10)} (${pct(r.mainPaired.median)}), ` +
      `all threads ${verdict(r.cpuPaired, 10)} (${pct(r.cpuPaired.median)})\n`,
  );
}
const traces = modes.flatMap((m) => results[m].map((x) => x.trace).filter(Boolean));
if (traces.length > 0) {
  const perS = (k) => median(traces.map((t) => t[k] / t.seconds));
  process.stdout.write(`window traces: ${traces.length}, per second of trace ${fmt(perS('gzBytes'))} B gzipped, ${fmt(perS('jsonBytes'))} B of JSON, ${fmt(perS('events'))} events\n`);
}
if (weight) {
  process.stdout.write(
    `a 1 s trace at ${fmt(weight.rps)} req/s: ${fmt(weight.gzBytes)} B gzipped (${fmt(weight.jsonBytes)} B of JSON), ${fmt(weight.events)} events\n`,
  );
}
process.stdout.write(`total ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s\n`);
if (flags.json) writeFileSync(flags.json, JSON.stringify({ date: started.toISOString(), node: process.version, flags, rows, results, weight }, null, 2) + '\n');
