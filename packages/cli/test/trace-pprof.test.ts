// `fluoro trace -pprof=TYPE` on the committed fixture trace: the profile
// has go tool trace's sample and period types, its totals are the trace's
// waits, the real `go tool pprof` reads it and prints what `fluoro pprof`
// prints, and the sched profile names the function that held the loop.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeProfile } from '@fluoro/profile';
import { requires } from '@fluoro/testkit';
import { WAIT_TYPES } from '../src/trace/waits-profile.js';
import { FIXTURE, fixtureTrace, fluoroTrace, MAIN_JS, ROOT, tempDir } from './trace-helpers.js';

const env = { ...process.env, TZ: 'UTC', PPROF_TMPDIR: tempDir() };

function goPprof(args: string[]): string {
  return execFileSync('go', ['tool', 'pprof', ...args], { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function fluoroPprof(args: string[]): string {
  return execFileSync(process.execPath, [MAIN_JS, 'pprof', ...args], { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test('each -pprof type: go tool trace\'s types, the trace\'s wait totals, stdout and -output the same bytes', () => {
  const trace = fixtureTrace();
  const dir = tempDir();
  for (const type of WAIT_TYPES) {
    const file = join(dir, `${type}.pb.gz`);
    const r = fluoroTrace([`-pprof=${type}`, '-output', file, FIXTURE]);
    assert.equal(r.status, 0, r.stderr.toString());
    assert.equal(r.stderr.toString(), `Generating report in ${file}\n`);
    const bytes = readFileSync(file);
    assert.deepEqual(fluoroTrace([`-pprof=${type}`, FIXTURE]).stdout, bytes, `${type}: stdout`);
    const p = decodeProfile(bytes);
    assert.deepEqual(p.sampleType, [
      { type: 'contentions', unit: 'count' },
      { type: 'delay', unit: 'nanoseconds' },
    ]);
    assert.deepEqual(p.periodType, { type: 'trace', unit: 'count' });
    assert.equal(p.period, 1);
    const waits = trace.waits.filter((w) => w.type === type);
    const sum = (i: number) => p.sample.reduce((a, s) => a + s.value[i], 0);
    assert.equal(sum(0), waits.reduce((a, w) => a + w.weight, 0), `${type}: contentions`);
    assert.ok(Math.abs(sum(1) - waits.reduce((a, w) => a + w.dur * w.weight * 1000, 0)) <= p.sample.length, `${type}: delay`);
    // One sample per distinct stack, frames as functions with their files and lines.
    assert.equal(new Set(p.sample.map((s) => s.location.map((l) => l.id).join(','))).size, p.sample.length);
    for (const s of p.sample) for (const l of s.location) assert.equal(l.line.length, 1);
  }
});

test('the sched profile: frames become functions with file and line; buildReport held the loop', () => {
  const dir = tempDir();
  const file = join(dir, 'sched.pb.gz');
  fluoroTrace(['-pprof=sched', '-output', file, FIXTURE]);
  const p = decodeProfile(readFileSync(file));
  const fn = p.function.find((f) => f.name === 'buildReport')!;
  assert.equal(fn.filename, '/srv/fluoro/packages/cli/test/fixtures/trace/app.mjs');
  const lines = p.location.filter((l) => l.line[0].function === fn).map((l) => l.line[0].line);
  assert.ok(lines.length > 0 && lines.every((n) => n > 0), `lines ${lines}`);
  const net = decodeProfile(fluoroTrace(['-pprof=net', FIXTURE]).stdout);
  assert.ok(net.function.some((f) => /^http GET 127\.0\.0\.1:\d+\/inventory$/.test(f.name) && f.filename === ''), 'the request is the leaf');
});

test('go tool pprof reads every -pprof profile and prints what fluoro pprof prints', { skip: requires('go') }, () => {
  const dir = tempDir();
  for (const type of WAIT_TYPES) {
    const file = join(dir, `${type}.pb.gz`);
    fluoroTrace([`-pprof=${type}`, '-output', file, FIXTURE]);
    for (const flags of [['-top'], ['-top', '-sample_index=contentions'], ['-traces']]) {
      if (type === 'sync' && flags[0] === '-traces') continue;
      assert.equal(fluoroPprof([...flags, file]), goPprof([...flags, file]), `${type} ${flags.join(' ')}`);
    }
  }
  const top = goPprof(['-top', '-cum', join(dir, 'sched.pb.gz')]);
  assert.match(top, /^Type: delay$/m);
  const rows = top.split('\n').filter((l) => /^ +\S+ +[\d.]+% +[\d.]+% +\S+ +[\d.]+% /.test(l));
  const cum = rows.find((l) => l.endsWith(' buildReport'));
  assert.ok(cum, top);
  // buildReport's share of the sched delay: most of it (the 300 ms it held the loop).
  assert.ok(Number(/ ([\d.]+)% +buildReport$/.exec(cum)![1]) > 40, cum);
});
