// What fluoro costs a service between profiles, in instructions: each bench
// service runs under valgrind's callgrind (which counts every instruction of
// every thread, the same count whatever else the machine is doing), a client
// outside valgrind sends it K and then 2K requests in two runs, and the
// difference divided by K is the instructions one request costs, start-up
// left out. Three setups take turns: plain node, plain node again (the A/A
// pair: how far two identical setups disagree), and `--import fluoro/listen`
// (heap sampler on, listener waiting, no profile running).
//
//   node bench/steady-state.bench.mjs [--apps orders,promises-light] [--requests 400] [--repeats 2] [--before DIR]
//
// --before DIR adds a fourth setup, `fluoro-before`: the fluoro/listen of
// another built checkout (e.g. an older commit), for before/after tables.
//
// Timers run slower under valgrind, so this sees what fluoro does per
// allocation and per request (the heap sampler's allocation observer, hooks),
// not what it does per second; fluoro does nothing per second between
// profiles (docs/cost.md).
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { benchApp } from './lib/apps.mjs';
import { listenImportOf } from './lib/builds.mjs';
import { median } from './lib/measure.mjs';

const { values } = parseArgs({
  options: {
    apps: { type: 'string', default: 'orders,promises-light' },
    requests: { type: 'string', default: '400' },
    repeats: { type: 'string', default: '2' },
    before: { type: 'string' },
  },
});
const K = Number(values.requests);
const repeats = Number(values.repeats);
const setups = { plain: [], 'plain-again': [], fluoro: ['--import', 'fluoro/listen'] };
if (values.before) setups['fluoro-before'] = ['--import', listenImportOf(values.before)];

function get(port, path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
}

// instructions runs the app under callgrind, sends it n requests one at a time, ends it and returns the instruction count.
function instructions(app, nodeArgs, n) {
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...nodeArgs, app.path], {
      env: { ...process.env, ...app.env, PORT: '0', FLUORO_ADDR: '127.0.0.1:0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', async (d) => {
      const m = /listening (\d+)/.exec(String(d));
      if (!m) return;
      try {
        for (let i = 0; i < n; i++) await get(Number(m[1]), `/api/orders?user=${i % 97}`);
        child.kill('SIGTERM');
      } catch (e) {
        child.kill('SIGKILL');
        reject(e);
      }
    });
    child.once('exit', () => {
      const c = /Collected : (\d+)/.exec(err);
      if (c) resolve(Number(c[1]));
      else reject(new Error(`no instruction count from valgrind:\n${err.slice(-2000)}`));
    });
  });
}

// retried runs a measurement again once: a run can fail for reasons that are
// not the setup's (a reset connection on a machine short of memory), and one
// lost run should not lose the other hour's work.
async function retried(measure) {
  try {
    return await measure();
  } catch (err) {
    console.error(`run failed (${err.message}); running it again`);
    return measure();
  }
}

for (const name of values.apps.split(',')) {
  const app = benchApp(name);
  const perRequest = Object.fromEntries(Object.keys(setups).map((s) => [s, []]));
  for (let r = 0; r < repeats; r++) {
    for (const [setup, args] of Object.entries(setups)) {
      const one = await retried(() => instructions(app, args, K));
      const two = await retried(() => instructions(app, args, 2 * K));
      perRequest[setup].push((two - one) / K);
      console.error(`${name} ${setup} round ${r + 1}: ${((two - one) / K).toFixed(0)} instructions per request`);
    }
  }
  const base = median(perRequest.plain);
  console.log(`\n${name}: instructions per request, median of ${repeats} (K=${K}; valgrind callgrind, all threads)`);
  console.log('| setup | instructions/request | vs plain |');
  console.log('| --- | ---: | ---: |');
  for (const [setup, xs] of Object.entries(perRequest)) {
    const m = median(xs);
    console.log(`| ${setup} | ${m.toFixed(0)} | ${(((m - base) / base) * 100).toFixed(2)}% |`);
  }
}
