#!/usr/bin/env node
// Continuous profiling as platforms run it (issue 15, goal 5). Grafana
// Alloy's default Go scrape (pyroscope.scrape) asks every 15 s for
// `/debug/pprof/profile?seconds=14` and for `allocs`, `goroutine`, `mutex`
// and `block`, so a CPU profile runs nearly all the time and a new one
// starts every 15 s. This bench runs a bench service in several processes
// at once under one steady closed-loop load and scrapes one of them that way:
//   plain        the app alone (the base)
//   alloy        `--import fluoro/listen`, scraped with Alloy's pattern
//   plain-again  the app alone again (the A/A twin: how far two identical
//                processes sharing the machine differ)
// (`fluoro`, loaded but not scraped, and `alloy-again` can be added with --modes.)
//
//   npm run build && node bench/alloy.bench.mjs [--minutes 2] [--interval 15]
//       [--warmup 20] [--connections 8] [--modes plain,alloy,plain-again]
//       [--app orders|promises|promises-light] [--no-pin] [--json FILE]
//       [--before DIR] [--scrapes profile,allocs,goroutine,mutex,block]
//
// --before adds `alloy-before`, scraped the same way but loading the
// fluoro/listen of another built checkout DIR (or a listen.js file): a
// before/after comparison inside one run. `--before bench/apps/v8-floor.mjs`
// runs V8's profilers alone instead, the floor under any Node profiler.
// Reported per app, over the run after --warmup seconds: throughput, p50
// and p99 latency, CPU per request (all threads, from /proc), with ratios to
// plain; the p99 of the requests that completed in the 1 s after each
// profile start (the worst and the median of those windows, the same
// seconds for every app, so the twins show what such a second looks like
// without a profile) against the app's steady p99 (all requests outside
// those windows); and RSS at listen, start, 1 min, every 5 min and the end,
// with its slope; and main-thread CPU per request by second of the scrape
// interval, against plain's in the same seconds, which shows whether a cost
// follows one scrape or is spread over the interval. --scrapes keeps only the
// named scrapes, to see what each costs. Goals: throughput and p99 within 3% of plain, no window
// above 2x the steady p99, RSS flat over 30 minutes.
//
// Method. The apps share cpu 0 (`taskset`), the load generator
// (bench/apps/load-streaming.mjs, --connections per app, separate process)
// and this process cpu 1, so the apps take equal turns on one core and feel
// the same bursts of other work on the machine at the same moments; the
// throughput ratios are per scrape interval (each holds one profile start),
// with a bootstrap 90% CI over intervals. Scrapes go out at fixed offsets in
// each interval (profile at 0, allocs at 1/5, goroutine 2/5, mutex 3/5,
// block 4/5; a second scraped app 1/10 of an interval later), each skipped
// if its previous one is still running, as Alloy's scrape loops do; the
// scraping starts with the load. The load average is
// printed: the machine is shared, which is why the A/A twin runs.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchApp } from './lib/apps.mjs';
import { exitWithHelp } from './lib/args.mjs';
import { listenImportOf } from './lib/builds.mjs';
import { cpuDelta, median, medianCI, threadTimes } from './lib/measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const loadPath = fileURLToPath(new URL('./apps/load-streaming.mjs', import.meta.url));

const { values: flags } = parseArgs({
  allowNegative: true,
  options: {
    minutes: { type: 'string', default: '2' },
    interval: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '20' },
    connections: { type: 'string', default: '8' },
    modes: { type: 'string', default: 'plain,alloy,plain-again' },
    app: { type: 'string', default: 'orders' },
    pin: { type: 'boolean', default: true },
    json: { type: 'string' },
    before: { type: 'string' },
    scrapes: { type: 'string', default: 'profile,allocs,goroutine,mutex,block' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
// Parsed here rather than with parseBenchArgs, whose options cannot be negated (--no-pin).
exitWithHelp(flags, import.meta.url);
const positiveFlag = (name) => {
  const n = Number(flags[name]);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number, got ${flags[name]}`);
  return n;
};
const minutes = positiveFlag('minutes');
const intervalS = positiveFlag('interval');
const warmupS = positiveFlag('warmup');
const connections = Math.round(positiveFlag('connections'));
if (intervalS < 2) throw new Error(`--interval must be at least 2 seconds (the CPU profile lasts interval - 1), got ${intervalS}`);
const service = benchApp(flags.app);

/** MODES: how each app starts; scraped apps get Alloy's pattern, twinOf names the mode an A/A twin repeats. */
const MODES = {
  plain: { args: [] },
  'plain-again': { args: [], twinOf: 'plain' },
  fluoro: { args: ['--import', 'fluoro/listen'], endpoint: true },
  alloy: { args: ['--import', 'fluoro/listen'], endpoint: true, scraped: true },
  'alloy-again': { args: ['--import', 'fluoro/listen'], endpoint: true, scraped: true, twinOf: 'alloy' },
  'alloy-before': { args: ['--import', beforeImport(flags.before)], endpoint: true, scraped: true, comparesWith: 'alloy' },
};
const BASE = 'plain';
const modes = flags.modes.split(',').filter(Boolean);
if (flags.before !== undefined && !modes.includes('alloy-before')) modes.push('alloy-before');
if (modes.includes('alloy-before') && flags.before === undefined) throw new Error('mode alloy-before needs --before DIR');

// beforeImport is what --import loads for --before: a built checkout's fluoro/listen, or a listen.js file.
function beforeImport(before) {
  if (before === undefined) return '';
  return existsSync(join(before, 'packages/runtime/package.json')) ? listenImportOf(before) : resolve(before);
}
for (const m of modes) if (!(m in MODES)) throw new Error(`unknown mode ${m}; known: ${Object.keys(MODES).join(', ')}`);
if (!modes.includes(BASE)) throw new Error(`--modes must include ${BASE}`);
if (!existsSync(fileURLToPath(new URL('../packages/runtime/dist/src/listen.js', import.meta.url)))) {
  process.stderr.write('packages/runtime is not built: run `npm run build` first\n');
  process.exit(1);
}

/** SCRAPES: Alloy's default Go profile targets, each at its fraction of the interval. */
const ALLOY_SCRAPES = [
  { kind: 'profile', path: `profile?seconds=${Math.round(intervalS) - 1}`, at: 0 },
  { kind: 'allocs', path: 'allocs', at: 1 / 5 },
  { kind: 'goroutine', path: 'goroutine', at: 2 / 5 },
  { kind: 'mutex', path: 'mutex', at: 3 / 5 },
  { kind: 'block', path: 'block', at: 4 / 5 },
];
// --scrapes keeps some of them, to find which one costs what.
const scrapeKinds = flags.scrapes.split(',').filter(Boolean);
for (const k of scrapeKinds) {
  if (!ALLOY_SCRAPES.some((sc) => sc.kind === k)) throw new Error(`unknown scrape ${k}; known: ${ALLOY_SCRAPES.map((sc) => sc.kind).join(', ')}`);
}
const SCRAPES = ALLOY_SCRAPES.filter((sc) => scrapeKinds.includes(sc.kind));
const WINDOW_MS = 1000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const wallNow = () => performance.timeOrigin + performance.now();
const pinned = (cpu, cmd, args) => (flags.pin ? ['taskset', ['-c', String(cpu), cmd, ...args]] : [cmd, args]);

/** startApp starts one app and resolves once it (and fluoro, if loaded) listens. */
async function startApp(mode) {
  const spec = MODES[mode];
  const [cmd, args] = pinned(0, process.execPath, [...spec.args, service.path]);
  const child = spawn(cmd, args, {
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
      if (port && (!spec.endpoint || url)) resolve({ port: Number(port), url });
      if (/not listening|listener stopped|did not start/.test(err)) reject(new Error(`${mode}: ${err.trim()}`));
    };
    child.stdout.on('data', (d) => ((out += d), check()));
    child.stderr.on('data', (d) => ((err += d), check()));
    exited.then((code) => reject(new Error(`${mode}: app exited (${code}) before listening\n${err}`)));
    setTimeout(() => reject(new Error(`${mode}: app did not start in 30 s\n${err}`)), 30_000).unref();
  });
  const app = { mode, child, exited, stderr: () => err };
  try {
    Object.assign(app, await started);
    app.pid = child.pid;
    // taskset execs node in place, so the child's pid is node's.
    return app;
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

/** rssMiB reads a process's resident set from /proc, in MiB. */
function rssMiB(pid) {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** mainThreadNs reads the CPU time a process's main thread has run, in nanoseconds, from /proc. */
function mainThreadNs(pid) {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
}

// Latency histogram with 1% wide buckets from 1 us up: percentiles of millions of requests in fixed memory.
const BUCKET_BASE = 0.001;
const BUCKET_GROWTH = Math.log(1.01);
const newHistogram = () => ({ counts: new Float64Array(2200), n: 0 });
function addLatency(h, ms) {
  const i = Math.min(h.counts.length - 1, Math.max(0, Math.ceil(Math.log(ms / BUCKET_BASE) / BUCKET_GROWTH)));
  h.counts[i]++;
  h.n++;
}
function histPercentile(h, p) {
  if (h.n === 0) return NaN;
  const want = p * h.n;
  let seen = 0;
  for (let i = 0; i < h.counts.length; i++) {
    seen += h.counts[i];
    if (seen >= want) return BUCKET_BASE * Math.exp(i * BUCKET_GROWTH);
  }
  return NaN;
}
function exactPercentile(xs, p) {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

// Least-squares slope of RSS over time, in MiB per hour.
function slopePerHour(points) {
  if (points.length < 3) return NaN;
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const mr = points.reduce((s, p) => s + p.rss, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.rss - mr);
    den += (p.t - mt) ** 2;
  }
  return (num / den) * 3600;
}

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : 'n/a');
const pct = (x) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(1)}%` : 'n/a');
function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => `| ${r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|')}|`;
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n') + '\n';
}

// ---- the run ----

const started = new Date();
const out = (s) => process.stdout.write(s);
const cpus = availableParallelism();
if (flags.pin) execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
out(
  `alloy bench: ${modes.join(', ')} at once, ${flags.app} app, ${connections} connections each, ` +
    `${minutes} min measured after ${warmupS} s of warm-up, scrape interval ${intervalS} s` +
    `${flags.pin ? ', apps pinned to cpu 0, load generator and scraper to cpu 1' : ''}; ` +
    `node ${process.version}, ${cpus} cpus, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`,
);

let stopping = false;
const apps = [];
const cleanup = () => {
  for (const a of apps) a.child.kill('SIGKILL');
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
for (const mode of modes) apps.push(await startApp(mode));
const byMode = Object.fromEntries(apps.map((a) => [a.mode, a]));

// RSS from listen on, every 5 s; t is seconds since the load started (negative before).
const rssAtListen = Object.fromEntries(apps.map((a) => [a.mode, rssMiB(a.pid)]));
const rss = Object.fromEntries(modes.map((m) => [m, []]));
const loads = [];

const [loadCmd, loadArgs] = pinned(1, process.execPath, [loadPath]);
const load = spawn(loadCmd, loadArgs, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
let failure;
load.once('exit', (code) => {
  if (!stopping) failure ??= new Error(`load generator exited (${code})`);
});
for (const a of apps) {
  a.exited.then((code) => {
    if (!stopping) failure ??= new Error(`${a.mode} exited (${code}) during the run\n${a.stderr().slice(-2000)}`);
  });
}

const tLoad = wallNow();
const tStart = tLoad + warmupS * 1000;
const tEnd = tStart + minutes * 60_000;

// What the measured period collects, per app.
const stats = Object.fromEntries(
  modes.map((m) => [m, { all: newHistogram(), steady: newHistogram(), perSecond: new Float64Array(Math.ceil(minutes * 60) + 1), errors: 0 }]),
);
/** events: every scrape sent to a scraped app; windows: the 1 s after each, with every app's latencies. */
const events = [];
const windows = [];
let minuteHist = Object.fromEntries(modes.map((m) => [m, newHistogram()]));
const minuteCount = Object.fromEntries(modes.map((m) => [m, 0]));

load.on('message', (msg) => {
  if (msg.kind !== 'batch') return;
  for (const [mode, { doneAt, latencyMs, errors }] of Object.entries(msg.apps)) {
    const s = stats[mode];
    for (let i = 0; i < doneAt.length; i++) {
      const at = doneAt[i];
      if (at < tStart || at >= tEnd) continue;
      const ms = latencyMs[i];
      addLatency(s.all, ms);
      addLatency(minuteHist[mode], ms);
      minuteCount[mode]++;
      s.perSecond[Math.floor((at - tStart) / 1000)]++;
      let inProfileWindow = false;
      // Windows are few and recent; scan from the newest.
      for (let w = windows.length - 1; w >= 0; w--) {
        const win = windows[w];
        if (win.at + WINDOW_MS + 60_000 < at) break;
        if (at >= win.at && at < win.at + WINDOW_MS) {
          win.latencies[mode].push(ms);
          if (win.kind === 'profile') inProfileWindow = true;
        }
      }
      if (!inProfileWindow) addLatency(s.steady, ms);
    }
    if (doneAt.length > 0 && doneAt[0] >= tStart) s.errors += errors;
  }
});
load.send({ kind: 'start', targets: apps.map((a) => ({ name: a.mode, port: a.port, connections })) });

// Alloy's scrape loops, one per target and profile type; second k of the measured period is second
// (tStart - scrapesFrom) / 1000 + k of their schedule.
const scrapesFrom = wallNow();
const scrapeStats = {};
const inFlight = new Set();
const scrapeTimers = [];
for (const [nth, app] of apps.filter((a) => MODES[a.mode].scraped).entries()) {
  for (const sc of SCRAPES) {
    const key = `${app.mode} ${sc.kind}`;
    const st = (scrapeStats[key] = { ok: 0, failed: 0, skipped: 0, ms: [], bytes: [], lastError: '' });
    let busy = false;
    const scrape = async () => {
      if (stopping) return;
      if (busy) {
        st.skipped++;
        return;
      }
      busy = true;
      const at = wallNow();
      events.push({ mode: app.mode, kind: sc.kind, at });
      const window = (kind, from) => {
        if (from >= tStart && from + WINDOW_MS <= tEnd) windows.push({ mode: app.mode, kind, at: from, latencies: Object.fromEntries(modes.map((m) => [m, []])) });
      };
      window(sc.kind, at);
      // A CPU profile's end has costs of its own: V8 stops and serializes it (and fluoro starts its bridge).
      if (sc.kind === 'profile') window('profile end', at + (Math.round(intervalS) - 1) * 1000);
      const abort = new AbortController();
      inFlight.add(abort);
      try {
        const res = await fetch(`${app.url}${sc.path}`, { signal: abort.signal });
        const body = await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${res.status} ${Buffer.from(body).toString().trim().slice(0, 200)}`);
        st.ok++;
        st.ms.push(wallNow() - at);
        st.bytes.push(body.byteLength);
      } catch (err) {
        if (!stopping) {
          st.failed++;
          st.lastError = err.message;
        }
      } finally {
        inFlight.delete(abort);
        busy = false;
      }
    };
    const first = setTimeout(() => {
      scrape();
      scrapeTimers.push(setInterval(scrape, intervalS * 1000));
    }, (sc.at + nth / 10) * intervalS * 1000);
    scrapeTimers.push(first);
  }
}

// Progress once a minute (and RSS every 5 s) until the end.
const rssTimer = setInterval(() => {
  const t = (wallNow() - tLoad) / 1000;
  for (const a of apps) {
    try {
      rss[a.mode].push({ t, rss: rssMiB(a.pid) });
    } catch {
      // The app has exited; the exit handler reports it.
    }
  }
}, 5000);
let minute = 0;
const minuteTimer = setInterval(() => {
  const now = wallNow();
  loads.push({ t: (now - tLoad) / 1000, load: loadavg()[0] });
  if (now < tStart + 60_000) {
    minuteHist = Object.fromEntries(modes.map((m) => [m, newHistogram()]));
    for (const m of modes) minuteCount[m] = 0;
    return;
  }
  minute++;
  const base = minuteCount[BASE];
  const parts = modes.map((m) => {
    const r = m === BASE ? '' : ` (${pct((minuteCount[m] / base - 1) * 100)})`;
    const last = rss[m].at(-1)?.rss;
    return `${m} ${fmt(minuteCount[m] / 60)}${r} p99 ${fmt(histPercentile(minuteHist[m], 0.99), 1)} ms rss ${fmt(last, 0)}`;
  });
  out(`minute ${minute}: ${parts.join('; ')}; load ${loadavg()[0].toFixed(2)}\n`);
  minuteHist = Object.fromEntries(modes.map((m) => [m, newHistogram()]));
  for (const m of modes) minuteCount[m] = 0;
}, 60_000);

await sleep(Math.max(0, tStart - wallNow()));
const cpuBefore = Object.fromEntries(apps.map((a) => [a.mode, threadTimes(a.pid)]));
// Main-thread CPU once a second, to see where in the scrape interval the cost falls.
const mainNs = Object.fromEntries(modes.map((m) => [m, new Float64Array(Math.ceil(minutes * 60) + 1)]));
const mainTimer = setInterval(() => {
  const k = Math.round((wallNow() - tStart) / 1000) - 1;
  if (k < 0 || k >= minutes * 60) return;
  for (const a of apps) {
    try {
      mainNs[a.mode][k + 1] = mainThreadNs(a.pid);
    } catch {
      // The app has exited; the exit handler reports it.
    }
  }
}, 1000);
for (const a of apps) mainNs[a.mode][0] = mainThreadNs(a.pid);
while (wallNow() < tEnd && failure === undefined) await sleep(Math.min(1000, tEnd - wallNow()));
const cpuAfter = Object.fromEntries(apps.map((a) => [a.mode, threadTimes(a.pid)]));
// The last batch of the measured period arrives within 250 ms.
await sleep(600);
stopping = true;
for (const t of scrapeTimers) clearInterval(t);
clearInterval(rssTimer);
clearInterval(minuteTimer);
clearInterval(mainTimer);
for (const a of inFlight) a.abort();
for (const m of modes) rss[m].push({ t: (wallNow() - tLoad) / 1000, rss: rssMiB(byMode[m].pid) });
loads.push({ t: (wallNow() - tLoad) / 1000, load: loadavg()[0] });
load.send({ kind: 'stop' });
for (const a of apps) a.child.kill('SIGTERM');
await Promise.race([Promise.all(apps.map((a) => a.exited)), sleep(3000)]);
if (failure) throw failure;

// ---- the report ----

const seconds = minutes * 60;
const rows = modes.map((m) => {
  const s = stats[m];
  const cpu = cpuDelta(byMode[m].pid, cpuBefore[m], cpuAfter[m]);
  return {
    mode: m,
    requests: s.all.n,
    rps: s.all.n / seconds,
    p50: histPercentile(s.all, 0.5),
    p99: histPercentile(s.all, 0.99),
    steadyP99: histPercentile(s.steady, 0.99),
    cpuUsPerReq: cpu.total / 1000 / s.all.n,
    mainUsPerReq: cpu.main / 1000 / s.all.n,
    errors: s.errors,
  };
});
const base = rows.find((r) => r.mode === BASE);
const ratio = (a, b) => (a / b - 1) * 100;

// Throughput per scrape interval, paired with plain's in the same interval.
const blockS = Math.round(intervalS);
const blocks = Math.floor(seconds / blockS);
const blockSum = (m, k) => stats[m].perSecond.slice(k * blockS, (k + 1) * blockS).reduce((a, b) => a + b, 0);
const paired = Object.fromEntries(
  modes.map((m) => {
    const xs = Array.from({ length: blocks }, (_, k) => ratio(blockSum(m, k), blockSum(BASE, k)));
    return [m, { median: median(xs), ci: medianCI(xs.map((x) => [x])) }];
  }),
);

out(`\nthroughput and latency over ${fmt(seconds)} s (after ${warmupS} s of warm-up):\n`);
out(
  table([
    ['app', 'req/s', 'vs plain', 'paired per interval (90% CI)', 'p50 ms', 'p99 ms', 'p99 vs plain', 'steady p99 ms', 'CPU us/req', 'vs plain', 'main us/req', 'vs plain'],
    ...rows.map((r) => {
      const b = r.mode === BASE;
      const p = paired[r.mode];
      return [
        r.mode,
        fmt(r.rps),
        b ? '-' : pct(ratio(r.rps, base.rps)),
        b ? '-' : `${pct(p.median)} (${pct(p.ci[0])} .. ${pct(p.ci[1])})`,
        fmt(r.p50, 2),
        fmt(r.p99, 2),
        b ? '-' : pct(ratio(r.p99, base.p99)),
        fmt(r.steadyP99, 2),
        fmt(r.cpuUsPerReq, 1),
        b ? '-' : pct(ratio(r.cpuUsPerReq, base.cpuUsPerReq)),
        fmt(r.mainUsPerReq, 1),
        b ? '-' : pct(ratio(r.mainUsPerReq, base.mainUsPerReq)),
      ];
    }),
  ]),
);

// The 1 s after each scrape, by scraped app and kind: every app's p99 in those same seconds, against its
// steady p99. A window is "over" when the app's p99 in it is above twice its steady p99, and "alone" when
// the reference app's is not (plain's; plain's own reference is its twin): a spike of its own, not the
// machine's.
const reference = (m) => (m === BASE ? modes.find((x) => MODES[x].twinOf === BASE) : BASE);
const steadyOf = Object.fromEntries(rows.map((r) => [r.mode, r.steadyP99]));
const spikes = {};
for (const owner of [...new Set(windows.map((w) => w.mode))]) {
  out(
    `\np99 in the ${WINDOW_MS / 1000} s after each of ${owner}'s scrapes (ms): median, 90th percentile and worst over the windows ` +
      `(worst as a multiple of the app's steady p99); windows over 2x the steady p99, and of those how many when ${BASE}'s was not:\n`,
  );
  const spikeRows = [['scrape', 'windows', ...modes]];
  spikes[owner] = {};
  for (const kind of ['profile', 'profile end', ...SCRAPES.filter((sc) => sc.kind !== 'profile').map((sc) => sc.kind)]) {
    const ws = windows.filter((w) => w.mode === owner && w.kind === kind);
    if (ws.length === 0) continue;
    const p99 = (w, m) => exactPercentile(w.latencies[m], 0.99);
    const over = (w, m) => p99(w, m) > 2 * steadyOf[m];
    const cells = [kind, String(ws.length)];
    spikes[owner][kind] = {};
    for (const m of modes) {
      const p99s = ws.map((w) => p99(w, m)).filter(Number.isFinite);
      const sorted = [...p99s].sort((a, b) => a - b);
      const ref = reference(m);
      const s = {
        windows: ws.length,
        median: median(p99s),
        p90: sorted[Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))],
        worst: sorted.at(-1),
        over: ws.filter((w) => over(w, m)).length,
        alone: ref === undefined ? NaN : ws.filter((w) => over(w, m) && !over(w, ref)).length,
      };
      s.xSteady = s.worst / steadyOf[m];
      s.medianXSteady = s.median / steadyOf[m];
      spikes[owner][kind][m] = s;
      cells.push(`${fmt(s.median, 1)} / ${fmt(s.p90, 1)} / ${fmt(s.worst, 1)} (${fmt(s.xSteady, 1)}x); ${s.over} over${Number.isFinite(s.alone) ? `, ${s.alone} alone` : ''}`);
    }
    spikeRows.push(cells);
  }
  out(table(spikeRows));
}

// Main-thread CPU per request by second of the scrape interval, summed over the intervals: a cost that
// follows one scrape shows in the seconds after it; one spread evenly is what a running profile costs.
{
  const offset = (tStart - scrapesFrom) / 1000;
  const bySecond = Object.fromEntries(modes.map((m) => [m, Array.from({ length: blockS }, () => ({ ns: 0, n: 0 }))]));
  for (const m of modes) {
    for (let k = 0; k < seconds; k++) {
      const [a, b] = [mainNs[m][k], mainNs[m][k + 1]];
      if (!(a > 0 && b > a) || stats[m].perSecond[k] === 0) continue;
      const cell = bySecond[m][Math.round(offset + k) % blockS];
      cell.ns += b - a;
      cell.n += stats[m].perSecond[k];
    }
  }
  const usPerReq = (m, j) => bySecond[m][j].ns / 1000 / bySecond[m][j].n;
  // Second j covers [j - 0.5, j + 0.5) s of the schedule, so a scrape at j s lands in it.
  const startsAt = (j) =>
    SCRAPES.filter((sc) => Math.round(sc.at * intervalS) === j)
      .map((sc) => sc.kind)
      .join(', ');
  const others = modes.filter((m) => m !== BASE);
  out(`\nmain-thread CPU per request (us) by second of the ${blockS} s scrape interval, over the ${blocks} intervals; scrapes start in the second named:\n`);
  out(
    table([
      ['second', 'scrapes', BASE, ...others.flatMap((m) => [m, 'vs plain'])],
      ...Array.from({ length: blockS }, (_, j) => [
        String(j),
        startsAt(j),
        fmt(usPerReq(BASE, j), 1),
        ...others.flatMap((m) => [fmt(usPerReq(m, j), 1), pct(ratio(usPerReq(m, j), usPerReq(BASE, j)))]),
      ]),
    ]),
  );
}

// RSS at listen, at the start of the measured period, at 1 min, every 5 min, and at the end. The app's
// RSS swings by 20-40 MiB between its own garbage collections, so each mark after the start is the
// median of the samples in the minute before it.
const marks = [{ label: 'listen', t: -Infinity }, { label: 'start', t: warmupS }, { label: '1 min', t: warmupS + 60 }];
for (let m = 5; m < minutes; m += 5) marks.push({ label: `${m} min`, t: warmupS + m * 60 });
marks.push({ label: 'end', t: Infinity });
const rssAt = (m, t) => {
  if (t === -Infinity) return rssAtListen[m];
  if (t === warmupS) return rss[m].find((p) => p.t >= t)?.rss ?? NaN;
  const until = t === Infinity ? rss[m].at(-1).t : t;
  return median(rss[m].filter((p) => p.t > until - 60 && p.t <= until).map((p) => p.rss));
};
const sinceMinute = (m) => rss[m].filter((p) => p.t >= warmupS + 60);
const secondHalf = (m) => rss[m].filter((p) => p.t >= warmupS + seconds / 2);
const rssRows = [['RSS MiB', ...modes.flatMap((m) => (m === BASE ? [m] : [m, `- ${BASE}`]))]];
for (const mark of marks) {
  if (mark.t !== Infinity && mark.t !== -Infinity && mark.t > warmupS + seconds) continue;
  rssRows.push([
    mark.label,
    ...modes.flatMap((m) => {
      const v = rssAt(m, mark.t);
      return m === BASE ? [fmt(v, 1)] : [fmt(v, 1), fmt(v - rssAt(BASE, mark.t), 1)];
    }),
  ]);
}
const slopes = Object.fromEntries(modes.map((m) => [m, { fromMinute: slopePerHour(sinceMinute(m)), secondHalf: slopePerHour(secondHalf(m)) }]));
rssRows.push(['slope from 1 min, MiB/h', ...modes.flatMap((m) => (m === BASE ? [fmt(slopes[m].fromMinute, 1)] : [fmt(slopes[m].fromMinute, 1), '']))]);
rssRows.push(['slope 2nd half, MiB/h', ...modes.flatMap((m) => (m === BASE ? [fmt(slopes[m].secondHalf, 1)] : [fmt(slopes[m].secondHalf, 1), '']))]);
out(`\nRSS (MiB; sampled every 5 s; times from the end of warm-up; after start, the median of the minute before):\n`);
out(table(rssRows));

out('\nscrapes (alloy pattern):\n');
for (const [key, st] of Object.entries(scrapeStats)) {
  out(
    `  ${key}: ${st.ok} ok, ${st.failed} failed, ${st.skipped} skipped; answered in ${fmt(median(st.ms), 0)} ms (median), ` +
      `${fmt(median(st.bytes), 0)} bytes${st.lastError ? `; last error: ${st.lastError}` : ''}\n`,
  );
}
const loadValues = loads.map((l) => l.load);
out(
  `load average (1 min) over the run: min ${fmt(Math.min(...loadValues), 2)}, median ${fmt(median(loadValues), 2)}, max ${fmt(Math.max(...loadValues), 2)}` +
    `; errors: ${rows.map((r) => `${r.mode} ${r.errors}`).join(', ')}\n`,
);

// Verdicts for the scraped app, with its A/A twin's figures beside them.
const twin = modes.find((m) => MODES[m].twinOf !== undefined);
const twinNote = (f) => (twin ? `; A/A ${twin} vs ${MODES[twin].twinOf}: ${f(twin)}` : '');
const vsOwnBase = (m, key) => ratio(rows.find((r) => r.mode === m)[key], rows.find((r) => r.mode === (MODES[m].twinOf ?? BASE))[key]);
out('\n');
for (const m of modes.filter((x) => MODES[x].scraped && MODES[x].twinOf === undefined)) {
  out(`${m}:\n`);
  const r = rows.find((x) => x.mode === m);
  const thr = ratio(r.rps, base.rps);
  const p99 = ratio(r.p99, base.p99);
  out(`goal throughput cost <= 3%: ${-thr <= 3 ? 'met' : 'MISSED'} (${m} ${pct(thr)} vs plain, paired ${pct(paired[m].median)}, CI ${pct(paired[m].ci[0])} .. ${pct(paired[m].ci[1])}${twinNote((t) => pct(vsOwnBase(t, 'rps')))})\n`);
  out(`goal p99 cost <= 3%: ${p99 <= 3 ? 'met' : 'MISSED'} (${m} ${fmt(r.p99, 2)} ms vs ${fmt(base.p99, 2)}, ${pct(p99)}${twinNote((t) => pct(vsOwnBase(t, 'p99')))})\n`);
  const sp = spikes[m]?.profile;
  if (sp) {
    const own = sp[m];
    const aa = twin ? sp[twin] : undefined;
    out(
      `goal p99 in the 1 s after a profile start <= 2x steady p99: ${own.alone <= (aa?.alone ?? 0) ? 'met' : 'MISSED'} ` +
        `(${own.over} of ${own.windows} windows over 2x, ${own.alone} of them when plain was not` +
        `${aa ? `, against ${aa.alone} for ${twin}` : ''}; median window ${fmt(own.median, 1)} ms = ${fmt(own.medianXSteady, 2)}x the steady ` +
        `${fmt(r.steadyP99, 1)} ms, plain's ${fmt(sp[BASE].medianXSteady, 2)}x; worst ${fmt(own.worst, 1)} ms = ${fmt(own.xSteady, 1)}x, plain's ${fmt(sp[BASE].xSteady, 1)}x)\n`,
    );
  }
  // Flat: over the second half, the app's RSS grows no faster than plain's by more than the twins differ, give or take 2 MiB/h.
  const extra = slopes[m].secondHalf - slopes[BASE].secondHalf;
  const aa = twin ? Math.abs(slopes[twin].secondHalf - slopes[MODES[twin].twinOf].secondHalf) : 0;
  const judged = minutes >= 10;
  out(
    `goal RSS flat over 30 min: ${!judged ? 'not judged (needs --minutes 10 or more)' : extra <= aa + 2 ? 'met' : 'MISSED'} ` +
      `(${m} ${fmt(slopes[m].secondHalf, 1)} MiB/h over the second half vs plain ${fmt(slopes[BASE].secondHalf, 1)}; ` +
      `${fmt(rssAt(m, Infinity) - rssAt(m, warmupS + 60), 1)} MiB from 1 min to the end${twinNote((t) => `${fmt(slopes[t].secondHalf - slopes[MODES[t].twinOf].secondHalf, 1)} MiB/h`)})\n`,
  );
}
out(`\ntotal ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s, started ${started.toISOString()}\n`);

if (flags.json) {
  const slim = windows.map((w) => ({ mode: w.mode, kind: w.kind, at: w.at - tStart, p99: Object.fromEntries(modes.map((m) => [m, exactPercentile(w.latencies[m], 0.99)])) }));
  writeFileSync(
    flags.json,
    JSON.stringify(
      { date: started.toISOString(), node: process.version, flags, rows, paired, spikes, rss, rssAtListen, slopes, loads, scrapeStats, windows: slim, perSecond: Object.fromEntries(modes.map((m) => [m, [...stats[m].perSecond]])) },
      undefined,
      1,
    ) + '\n',
  );
}
process.exit(0);
