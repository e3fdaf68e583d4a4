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

import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { benchApp } from './lib/apps.mjs';
import { freeze, listeningPort, profilesUrl, startApp, thaw } from './lib/app-process.mjs';
import { modeList, parseRoundsArgs } from './lib/args.mjs';
import { startLoad } from './lib/load.mjs';
import { median, pairedWith, verdict } from './lib/measure.mjs';
import { runRounds } from './lib/rounds.mjs';
import { fmt, markdownTable, pct } from './lib/table.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const plan = parseRoundsArgs(import.meta.url, {
  defaults: { rounds: '12', generations: '4', modes: 'fluoro,fluoro-again,fluoro+trace' },
});
const { flags, rounds, generations, seconds, warmup, connections } = plan;
const service = benchApp(flags.app);
const BASE = 'fluoro';

/** MODES: the query of the trace each window runs under, or none. */
const MODES = {
  fluoro: { trace: undefined },
  'fluoro-again': { trace: undefined },
  'fluoro+trace': { trace: '' },
  'fluoro+trace-async': { trace: '&detail=async' },
};
const modes = modeList(flags, MODES, BASE);
if (!existsSync(fileURLToPath(new URL('../packages/runtime/dist/bundle/listen.js', import.meta.url)))) {
  process.stderr.write('packages/runtime is not built: run `npm run build` first\n');
  process.exit(1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** startMode starts the app with fluoro/listen loaded and resolves once both listen. */
function startMode(mode) {
  return startApp({
    name: mode,
    cmd: process.execPath,
    args: ['--import', 'fluoro/listen', service.path],
    cwd: root,
    env: { ...process.env, PORT: '0', FLUORO_ADDR: '127.0.0.1:0', ...service.env },
    ready: (out, err) => {
      const port = listeningPort(out);
      const url = profilesUrl(err);
      return port && url ? { port, url } : undefined;
    },
    failure: /not listening|listener stopped/,
  });
}

const load = startLoad();

/** fetchTrace GETs a trace and returns its size and contents' counts. */
async function fetchTrace(url, query, traceSeconds) {
  const res = await fetch(`${url}trace?seconds=${traceSeconds}${query}`);
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`trace answered ${res.status}: ${body.toString().trim()}`);
  const json = gunzipSync(body);
  const file = JSON.parse(json.toString());
  return { seconds: traceSeconds, gzBytes: body.length, jsonBytes: json.length, events: file.traceEvents.length };
}

/** slot thaws an app, loads it for warmupS + windowS seconds (measured windows of trace modes under a trace) and measures the window. */
async function slot(app, { warmupS, windowS, measured }) {
  thaw(app);
  const traceQuery = measured ? MODES[app.name].trace : undefined;
  const traced = traceQuery === undefined ? undefined : fetchTrace(app.url, traceQuery, Math.ceil((warmupS + windowS + 0.25) * 10) / 10);
  traced?.catch(() => {});
  const w = await load.measure(app, { connections, warmupS, windowS });
  const trace = traced ? await traced : undefined;
  await sleep(50);
  freeze(app);
  return { rps: w.rps, cpuUsPerReq: w.cpuUsPerReq, mainUsPerReq: w.mainUsPerReq, p99: w.latencyMs.p99, trace };
}

/** traceWeight is what a 1 s trace weighs: the base app under the same load, traced for one second. */
async function traceWeight(app) {
  thaw(app);
  const w = await load.measure(app, { connections, warmupS: 0.5, windowS: 1.5, onStart: () => fetchTrace(app.url, '', 1) });
  freeze(app);
  return { ...w.counted, rps: w.rps };
}

const started = new Date();
process.stdout.write(
  `trace overhead bench: ${modes.join(', ')} x ${rounds} rounds (${generations} generations), app ${flags.app}, ` +
    `${seconds} s windows after ${warmup} s of load, ${connections} connections; node ${process.version}, ${availableParallelism()} cpus\n`,
);
let weight;
const results = await runRounds(plan, {
  load,
  modes,
  start: startMode,
  slot,
  progress: (done) => `main-thread CPU per request ${done.map(([app, res]) => `${app.name} ${fmt(res.mainUsPerReq, 1)} us`).join(', ')}`,
  afterGeneration: async (apps, g) => {
    if (g === generations - 1) weight = await traceWeight(apps[0]);
  },
});

const paired = pairedWith(results[BASE]);
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
process.stdout.write(`\n${markdownTable(table)}\n`);
process.stdout.write(
  `\nPaired: per round against ${BASE} in the same round, median and bootstrap 90% CI (generations resampled). ` +
    `main: the app's main thread; all: every thread (the listener worker builds the trace, V8's sampler thread runs).\n`,
);
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
