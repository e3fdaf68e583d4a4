// Start-up cost of `node --import fluoro/listen` on one CPU, side by side
// with plain `node` and with a floor (bench/apps/startup/floor.mjs: a heap
// sampler and a worker with an inspector session serving HTTP, nothing
// else). Each run is a fresh process pinned to CPU 0 (taskset); the three
// kinds take turns so machine noise falls on all of them alike. Prints the
// median CPU time (user + sys, every thread) and peak RSS of each, and fluoro's extra cost
// over plain node as a multiple of the floor's.
//
//   node bench/startup.bench.mjs [--rounds 9] [--before DIR]
//
// --before DIR adds `fluoro-before`: the fluoro/listen of another built
// checkout (e.g. an older commit), run in the same turns.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { listenImportOf } from './lib/builds.mjs';
import { median } from './lib/measure.mjs';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '9' }, before: { type: 'string' } } });
const rounds = Number(values.rounds);
const empty = 'bench/apps/startup/empty.mjs';
const kinds = {
  node: [empty],
  floor: ['--import', './bench/apps/startup/floor.mjs', empty],
  fluoro: ['--import', 'fluoro/listen', empty],
};
if (values.before) kinds['fluoro-before'] = ['--import', listenImportOf(values.before), empty];
const env = { ...process.env, FLUORO_ADDR: '127.0.0.1:0' };

const usage = ['--import', './bench/apps/startup/report-usage.mjs'];

function run(args) {
  const r = spawnSync('taskset', ['-c', '0', process.execPath, ...usage, ...args], { env, encoding: 'utf8' });
  const m = /^usage (\d+) (\d+)$/m.exec(r.stderr);
  if (r.status !== 0 || m === null) throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return { cpuMs: Number(m[1]) / 1000, rssMB: Number(m[2]) / 1024 };
}

const results = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
for (let i = 0; i < rounds; i++) for (const [k, args] of Object.entries(kinds)) results[k].push(run(args));

const med = Object.fromEntries(Object.entries(results).map(([k, rs]) => [k, { cpuMs: median(rs.map((r) => r.cpuMs)), rssMB: median(rs.map((r) => r.rssMB)) }]));
console.log(`start-up, one CPU, median of ${rounds} runs each (node ${process.version})`);
console.log('| run | CPU ms | peak RSS MiB |');
console.log('| --- | ---: | ---: |');
for (const [k, m] of Object.entries(med)) console.log(`| ${k} | ${m.cpuMs.toFixed(1)} | ${m.rssMB.toFixed(1)} |`);
const extra = (k, f) => med[k][f] - med.node[f];
console.log(`fluoro's extra CPU: ${extra('fluoro', 'cpuMs').toFixed(0)} ms = ${(extra('fluoro', 'cpuMs') / extra('floor', 'cpuMs')).toFixed(2)}x the floor's ${extra('floor', 'cpuMs').toFixed(0)} ms (goal: 1.5x + 10 ms)`);
console.log(`fluoro's extra memory: ${extra('fluoro', 'rssMB').toFixed(1)} MiB = ${(extra('fluoro', 'rssMB') / extra('floor', 'rssMB')).toFixed(2)}x the floor's ${extra('floor', 'rssMB').toFixed(1)} MiB (goal: 1.3x)`);
if (values.before) {
  const ratio = (f) => (extra('fluoro', f) / extra('fluoro-before', f)).toFixed(2);
  console.log(`before: extra CPU ${extra('fluoro-before', 'cpuMs').toFixed(0)} ms, extra memory ${extra('fluoro-before', 'rssMB').toFixed(1)} MiB; after/before: CPU ${ratio('cpuMs')}x, memory ${ratio('rssMB')}x`);
}
