// Two builds of fluoro pprof side by side on the same big profile: each
// report runs on both, in turns, and the median wall time and peak RSS of
// each are printed with their ratio. For checking that a change made nothing
// slower: build the old commit in a clone, then
//
//   node bench/before-after.mjs --before /tmp/old-clone [--after .] [--rounds 3] [--reports top,dot,tree,peek] [--profile bench/data/big-50mb.pb.gz]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { median } from './lib/measure.mjs';

const REPORTS = { top: ['-top', '-nodecount=20'], dot: ['-dot', '-nodecount=20'], tree: ['-tree', '-nodecount=20'], peek: ['-peek=Encode'] };
const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string', default: '.' },
    rounds: { type: 'string', default: '3' },
    reports: { type: 'string', default: 'top,dot,tree,peek' },
    profile: { type: 'string', default: 'bench/data/big-50mb.pb.gz' },
  },
});
if (!values.before) throw new TypeError('--before DIR (a built checkout of the old commit) is required');
const profile = resolve(values.profile);
if (!existsSync(profile)) spawnSync(process.execPath, ['scripts/gen-big-profile.mjs', '--size-mb', '50', '--out', profile], { stdio: 'inherit' });
const builds = { before: resolve(values.before), after: resolve(values.after) };
const env = { ...process.env, TZ: 'UTC', PPROF_TMPDIR: tmpdir() };

function run(dir, flags) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, join(dir, 'packages/cli/dist/src/main.js'), 'pprof', ...flags, profile], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${dir}: fluoro pprof ${flags.join(' ')} failed:\n${r.stderr}`);
  const [wall, rssKB] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, rssMB: rssKB / 1024, out: r.stdout };
}

console.log(`fluoro pprof on ${values.profile}, median of ${values.rounds} rounds, builds in turns`);
console.log('| report | before s | after s | after/before | before MiB | after MiB | same output |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
for (const name of values.reports.split(',')) {
  const got = { before: [], after: [] };
  for (let i = 0; i < Number(values.rounds); i++) for (const [k, dir] of Object.entries(builds)) got[k].push(run(dir, REPORTS[name]));
  const m = (k, f) => median(got[k].map((r) => r[f]));
  const same = got.before[0].out === got.after[0].out;
  console.log(`| -${name} | ${m('before', 'wall').toFixed(2)} | ${m('after', 'wall').toFixed(2)} | ${(m('after', 'wall') / m('before', 'wall')).toFixed(2)} | ${m('before', 'rssMB').toFixed(0)} | ${m('after', 'rssMB').toFixed(0)} | ${same ? 'yes' : 'NO'} |`);
}
