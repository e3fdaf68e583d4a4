// docs/trace.md's example, run as the docs run it: `node --import
// fluoro/listen examples/trace/server.mjs` under examples/trace/load.mjs,
// then `fluoro trace` fetching from the running endpoint: -summary names
// both reasons GET /slow is slow (the upstream's first byte, and buildReport
// holding the loop for GET /report), the fetched trace is saved under
// $PPROF_TMPDIR, and the -pprof=sched profile, read by the real
// `go tool pprof` and by `fluoro pprof`, names buildReport; a detail=async
// trace's -pprof=sync profile names the function that awaited the upstream.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeProfile } from '@fluoro/profile';
import { requires } from '@fluoro/testkit';
import { readTrace } from '../src/trace/read.js';
import { fluoroTraceAsync, MAIN_JS, ROOT, startExample, tempDir, type Example } from './trace-helpers.js';

describe('examples/trace under fluoro/listen and load', () => {
  let ex: Example;
  before(async () => {
    ex = await startExample();
    // Let the load reach its rhythm (a /report a second, /slow back to back).
    await new Promise((r) => setTimeout(r, 500));
  });
  after(() => ex?.stop());

  test('-summary from the endpoint URL names the upstream and buildReport for GET /slow, and saves the trace', async () => {
    const saved = tempDir();
    const url = `${ex.endpoint}trace?seconds=3`;
    const r = await fluoroTraceAsync(['-summary', url], { PPROF_TMPDIR: saved });
    const err = r.stderr.split('\n');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(err[0], `Fetching trace over HTTP from ${url}`);
    assert.equal(err[1], 'Please wait... (3s)');
    const file = readdirSync(saved)[0];
    assert.equal(err[2], `Saved trace in ${join(saved, file)}`);
    assert.equal(file, 'trace.001.json.gz');
    // The saved file is the trace as served, and reads again to the same summary.
    readTrace(readFileSync(join(saved, file)));
    const again = execFileSync(process.execPath, [MAIN_JS, 'trace', join(saved, file)], { cwd: ROOT, encoding: 'utf8' });
    const out = r.stdout.toString();
    assert.equal(again, out);

    assert.match(out, /^Trace: 3(\.\d+)?s, from \S+, pid \d+, node \S+$/m);
    assert.match(out, /^Event loop: busy \d+\.\d% \(\S+ active, \S+ idle\), \d+ macrotask slices$/m);
    // GET /report's 300 ms in buildReport is among the longest tasks (on a loaded machine, a descheduled
    // task of another request can outlast it, so it need not be first).
    const longest = out.slice(out.indexOf('Longest tasks:\n'), out.indexOf('\nGC: '));
    assert.match(longest, /^ +[\d.]+ms +http at \S+, in GET \/report\n +hottest: .*buildReport .*examples\/trace\/server\.mjs:\d+/m, out);
    // A finished GET /slow with both causes under it.
    const lines = out.split('\n');
    const both = lines.some(
      (l, i) =>
        /^ +[\d.]+ms +200 +server GET \/slow +handler /.test(l) &&
        /^ +waited [\d.]+ms for GET 127\.0\.0\.1:\d+\/inventory \(first byte [\d.]+ms\)$/.test(lines[i + 1]) &&
        /^ +loop held [\d.]+ms by other tasks, the longest in buildReport \S*examples\/trace\/server\.mjs:\d+ \(GET \/report\)$/.test(lines[i + 2]),
    );
    assert.ok(both, out);
    assert.match(out, /^User tasks:\n +name +count +p50 +p90 +p99 +max\n +slow +\d+/m);
    assert.match(out, /^  fetch inventory +\d+/m);
  });

  test('-pprof=sched from host:port with -seconds: go tool pprof and fluoro pprof name buildReport', async () => {
    const hostPort = new URL(ex.endpoint).host;
    const r = await fluoroTraceAsync(['-pprof=sched', '-seconds', '2', hostPort]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`^Fetching trace over HTTP from http://${hostPort}/debug/pprof/trace\\?seconds=2\\n`));
    const file = join(tempDir(), 'sched.pb.gz');
    writeFileSync(file, r.stdout);
    const ours = execFileSync(process.execPath, [MAIN_JS, 'pprof', '-top', '-cum', file], { cwd: ROOT, encoding: 'utf8' });
    assert.match(ours, /^Type: delay$/m);
    assert.match(ours, / buildReport$/m);
    if (!requires('go')) {
      const go = execFileSync('go', ['tool', 'pprof', '-top', '-cum', file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PPROF_TMPDIR: tempDir() }, stdio: ['ignore', 'pipe', 'pipe'] });
      assert.equal(go, ours);
    }
  });

  test('-pprof=sync of a detail=async trace: the awaits of GET /slow by their stacks, read alike by go tool pprof', async () => {
    const r = await fluoroTraceAsync(['-pprof=sync', `${ex.endpoint}trace?seconds=2&detail=async`]);
    assert.equal(r.status, 0, r.stderr);
    const p = decodeProfile(r.stdout);
    assert.deepEqual(p.sampleType.map((t) => t.type), ['contentions', 'delay']);
    const server = p.function.filter((f) => f.filename.endsWith('examples/trace/server.mjs')).map((f) => f.name);
    assert.ok(server.includes('fetchInventory'), `awaiting functions: ${server}`);
    // The await on fetch in fetchInventory waits for the 200 ms upstream, sampled one in 16, so its delay is real time.
    const file = join(tempDir(), 'sync.pb.gz');
    writeFileSync(file, r.stdout);
    const ours = execFileSync(process.execPath, [MAIN_JS, 'pprof', '-top', '-cum', file], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const row = ours.split('\n').find((l) => l.endsWith(' fetchInventory'));
    assert.ok(row && /^ +\S+ +[\d.]+% +[\d.]+% +(\d+(\.\d+)?)(ms|s) /.test(row), ours);
    if (!requires('go')) {
      const go = execFileSync('go', ['tool', 'pprof', '-top', '-cum', file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PPROF_TMPDIR: tempDir() }, stdio: ['ignore', 'pipe', 'pipe'] });
      assert.equal(go, ours);
    }
  });

  test('fetch failures are one line: a closed port, and a URL that is not a trace', async () => {
    const closed = await fluoroTraceAsync(['127.0.0.1:9']);
    assert.equal(closed.status, 1);
    assert.equal(closed.stderr.split('\n').slice(-2).join('\n'), `127.0.0.1:9: Get "http://127.0.0.1:9/debug/pprof/trace": dial tcp 127.0.0.1:9: connect: connection refused\n`);
    const saved = tempDir();
    const notTrace = await fluoroTraceAsync([`${ex.site}/slow`], { PPROF_TMPDIR: saved });
    assert.equal(notTrace.status, 1);
    assert.match(notTrace.stderr.split('\n').slice(-2)[0], /^http:\/\/127\.0\.0\.1:\d+\/slow: parsing trace: not JSON: .+$/);
    assert.ok(!existsSync(join(saved, 'trace.001.json.gz')), 'what is not a trace is not saved');
  });
});
