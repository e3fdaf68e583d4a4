// How fast `fluoro pprof` reads a big profile, measured against the cost of
// just gunzipping it in Node, all in one run (issue 15, goal 3): the wall
// time, CPU time (user + system, all threads) and peak RSS of each report,
// with its ratio to the gunzip and to -top, and the web UI's first flame
// graph and later views. Runs are interleaved (gunzip, each report, the web
// UI, then again) and the medians printed, because the machine is shared.
//
// Usage: node bench/analyzer-speed.bench.mjs [--runs 3] [--build NAME=DIR ...] [--web-only] [FILE]
//   FILE        default bench/data/big-50mb.pb.gz (made by scripts/gen-big-profile.mjs when missing)
//   --build     a checkout to measure, with its packages built; repeatable, each
//               measured in turn within every run (default: this checkout)
//   --runs      how many times to measure everything (default 3)
//   --web-only  measure the web UI only, not gunzip and the command-line reports
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exitWithHelp } from './lib/args.mjs';

const { values, positionals } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    build: { type: 'string', multiple: true },
    'web-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: true,
});
exitWithHelp(values, import.meta.url);
const runs = Number(values.runs);
const webOnly = values['web-only'];
if (!(runs >= 1)) throw new TypeError(`--runs must be a positive number, got ${values.runs}`);
const builds = (values.build ?? ['this=.']).map((b) => {
  const eq = b.indexOf('=');
  if (eq <= 0) throw new TypeError(`--build must be NAME=DIR, got ${b}`);
  return { name: b.slice(0, eq), main: resolve(b.slice(eq + 1), 'packages/cli/dist/src/main.js') };
});
const file = resolve(positionals[0] ?? 'bench/data/big-50mb.pb.gz');
if (!existsSync(file)) {
  const mb = /big-(\d+)mb/.exec(file)?.[1] ?? '50';
  spawnSync(process.execPath, ['scripts/gen-big-profile.mjs', '--size-mb', mb, '--out', file], { stdio: 'inherit' });
}
const env = { ...process.env, TZ: 'UTC', PPROF_TMPDIR: tmpdir() };
const scratch = mkdtempSync(join(tmpdir(), 'analyzer-speed-'));

// timed runs a command under GNU time: wall and CPU seconds, peak RSS in MiB, and its output.
function timed(cmd, args) {
  const out = join(scratch, 'time');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', out, cmd, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  const [wall, user, sys, rss] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: user + sys, rss: rss / 1024, stdout: r.stdout };
}

// listTarget is a -list regexp for the heaviest function of the -top output: its whole name, quoted.
function listTarget(top) {
  const row = top.split('\n').find((l) => /^\s+\S+\s+\S+%\s+\S+%\s+\S+\s+\S+%\s+\S/.test(l));
  if (!row) throw new Error('no -top row to take a function from');
  const name = row.trim().split(/\s+/).slice(5).join(' ').replace(/ \((partial-)?inline\)$/, '');
  return '^' + name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$';
}

const gunzipScript = `require('zlib').gunzipSync(require('fs').readFileSync(${JSON.stringify(file)}))`;

// peakRss is a running process's peak resident set in MiB (Linux's VmHWM), or NaN where /proc has none.
function peakRss(pid) {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch (err) {
    console.error(`peak RSS of ${pid}: ${err.message}`);
    return NaN;
  }
}

// web starts the web UI and times its first flame graph and the views after
// it, then reads its peak RSS: the server after every view it was asked for.
async function web(main) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [main, 'pprof', '-http=127.0.0.1:0', '-no_browser', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let text = '';
    const url = await new Promise((res, rej) => {
      const on = (d) => {
        text += d;
        const m = /Serving web UI on (http:\/\/\S+)/.exec(text);
        if (m) res(m[1]);
      };
      child.stdout.on('data', on);
      child.stderr.on('data', on);
      child.on('exit', (code) => rej(new Error(`web UI exited with ${code}: ${text}`)));
    });
    const serving = (performance.now() - t0) / 1000;
    const get = async (path) => {
      const t = performance.now();
      const r = await fetch(new URL(path, url));
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
      return (performance.now() - t) / 1000;
    };
    const flame = await get('/ui/api/flamegraph');
    const firstFlame = (performance.now() - t0) / 1000;
    const views = { top: await get('/ui/api/top'), graph: await get('/ui/api/graph'), refine: await get('/ui/api/flamegraph?f=Encode') };
    return { serving, flame, firstFlame, ...views, rss: peakRss(child.pid) };
  } finally {
    child.kill();
  }
}

const REPORTS = [
  ['-top', ['-top', '-nodecount=20']],
  ['-dot', ['-dot', '-nodecount=20']],
  ['-tree', ['-tree', '-nodecount=20']],
  ['-peek', ['-peek=Encode']],
  ['-list', null],
];

const samples = builds.map(() => ({ gunzip: [], reports: new Map(), web: [] }));
for (let run = 1; run <= runs; run++) {
  builds.forEach((b, bi) => {
    if (webOnly) return;
    const s = samples[bi];
    s.gunzip.push(timed(process.execPath, ['-e', gunzipScript]));
    let top = '';
    for (const [name, flags] of REPORTS) {
      const args = flags ?? [`-list=${listTarget(top)}`];
      const r = timed(process.execPath, [b.main, 'pprof', ...args, file]);
      if (name === '-top') top = r.stdout;
      if (!s.reports.has(name)) s.reports.set(name, { args, runs: [] });
      s.reports.get(name).runs.push(r);
    }
  });
  for (const [bi, b] of builds.entries()) samples[bi].web.push(await web(b.main));
  console.error(`run ${run} of ${runs} done`);
}
rmSync(scratch, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const med = (rs, k) => median(rs.map((r) => r[k]));
const f2 = (x) => x.toFixed(2);

// printReports prints the rows of gunzip and the command-line reports.
function printReports(s, gz) {
  const topWall = med(s.reports.get('-top').runs, 'wall');
  console.log(`| gunzip in Node | ${f2(gz)} | ${f2(med(s.gunzip, 'cpu'))} | ${med(s.gunzip, 'rss').toFixed(0)} | 1 | | |`);
  for (const [name, { args, runs: rs }] of s.reports) {
    const wall = med(rs, 'wall');
    const rss = med(rs, 'rss');
    const goal = name === '-top'
      ? `<= 5x gunzip, <= 400 MiB: ${wall <= 5 * gz && rss <= 400 ? 'met' : 'missed'}`
      : `<= 1.5x -top: ${wall <= 1.5 * topWall ? 'met' : 'missed'}`;
    console.log(`| \`${args.join(' ')}\` | ${f2(wall)} | ${f2(med(rs, 'cpu'))} | ${rss.toFixed(0)} | ${f2(wall / gz)} | ${f2(wall / topWall)} | ${goal} |`);
  }
}

console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${file.replace(process.cwd() + '/', '')}, median of ${runs} interleaved runs.`);
console.log('Wall and CPU (user + system, all threads) in seconds, peak RSS in MiB; x gunzip and x -top are wall-time ratios.');
for (const [bi, b] of builds.entries()) {
  const s = samples[bi];
  console.log(`\n${b.name} (${b.main.replace(/\/packages\/cli\/dist\/src\/main\.js$/, '')})`);
  console.log('| what | wall | CPU | peak RSS | x gunzip | x -top | goal |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  // Without the gunzip (--web-only) the ratios to it are left empty.
  const gz = webOnly ? NaN : med(s.gunzip, 'wall');
  const ratio = (t) => (webOnly ? '' : f2(t / gz));
  if (!webOnly) printReports(s, gz);
  const w = s.web;
  const first = med(w, 'firstFlame');
  const flameGoal = webOnly ? '' : `<= 6x gunzip: ${first <= 6 * gz ? 'met' : 'missed'}`;
  console.log(`| -http: "Serving web UI on" printed | ${f2(med(w, 'serving'))} | | | ${ratio(med(w, 'serving'))} | | |`);
  console.log(`| -http: first flame graph JSON (from start) | ${f2(first)} | | | ${ratio(first)} | | ${flameGoal} |`);
  for (const [k, label] of [['top', 'GET /ui/api/top'], ['graph', 'GET /ui/api/graph'], ['refine', 'GET /ui/api/flamegraph?f=Encode']]) {
    const t = med(w, k);
    console.log(`| -http: ${label} | ${f2(t)} | | | | | <= 1 s: ${t <= 1 ? 'met' : 'missed'} |`);
  }
  console.log(`| -http: peak RSS after these views | | | ${med(w, 'rss').toFixed(0)} | | | |`);
}
