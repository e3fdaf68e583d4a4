// `fluoro trace` on the committed fixture trace (a real one, made by
// scripts/make-trace-fixture.mjs): -summary as data and as text (a golden
// file; UPDATE_GOLDEN=1 rewrites it), names from the trace made printable,
// flags and every kind of bad input as one line on stderr and exit 1.

import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { computeSummary } from '../src/trace/summary.js';
import { printable } from '../src/trace/text.js';
import { parseFrame } from '../src/trace/frames.js';
import { percentile } from '../src/trace/stats.js';
import { FIXTURE, FIXTURE_DIR, fixtureTrace, fluoroTrace, tempDir } from './trace-helpers.js';

const GOLDEN = join(FIXTURE_DIR, 'app.trace.summary.txt');

test('-summary prints the fixture as its golden file; no flag means -summary', () => {
  const r = fluoroTrace(['-summary', FIXTURE]);
  assert.equal(r.stderr.toString(), '');
  assert.equal(r.status, 0);
  const out = r.stdout.toString();
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, out);
  assert.equal(out, readFileSync(GOLDEN, 'utf8'));
  assert.equal(fluoroTrace([FIXTURE]).stdout.toString(), out);
});

test('-summary data: loop use from the metadata, long task and both causes of the slow request', () => {
  const trace = fixtureTrace();
  const s = computeSummary(trace);
  assert.deepEqual(s.loop, trace.loop);
  assert.ok(s.loop!.utilization > 0.3, `busy ${s.loop!.utilization}`);
  assert.equal(s.slices, trace.slices.length);
  // The longest task is GET /report's 300 ms in buildReport.
  const top = s.longTasks[0];
  assert.match(top.func, /^buildReport \/srv\/fluoro\/packages\/cli\/test\/fixtures\/trace\/app\.mjs:\d+$/);
  assert.equal(top.request, 'GET /report');
  assert.ok(top.dur > 250_000 && top.dur < 400_000, `${top.dur} us`);
  assert.ok(top.stack.some((f) => f.startsWith('buildReport ')));
  assert.ok(s.longTasks.every((t, i) => i === 0 || t.dur <= s.longTasks[i - 1].dur), 'longest first');
  // The slowest finished GET /slow waited for the upstream and for the loop.
  const slow = s.requests.slowest.find((r) => r.side === 'server' && r.name === 'GET /slow' && !r.partial)!;
  assert.ok(slow.dur > 300_000, `${slow.dur} us`);
  assert.equal(slow.status, 200);
  assert.equal(slow.phase?.name, 'handler');
  assert.match(slow.upstream[0].name, /^GET 127\.0\.0\.1:\d+\/inventory$/);
  assert.equal(slow.upstream[0].phase?.name, 'first byte');
  assert.ok(slow.upstream[0].dur >= 200_000);
  assert.match(slow.loopHold!.func, /^buildReport /);
  assert.equal(slow.loopHold!.request, 'GET /report');
  assert.ok(slow.loopHold!.dur > 200_000);
  // GET /report's own time is its own work, not something that held it.
  const report = s.requests.slowest.find((r) => r.name === 'GET /report')!;
  assert.match(report.ownWork!.func, /^buildReport /);
  assert.ok(report.ownWork!.dur > 200_000);
  // GC and latency figures are the trace's own.
  assert.equal(s.gc.count, trace.gcs.filter((g) => g.tid === trace.mainTid).length);
  assert.equal(s.gc.count + s.otherGc.count, trace.gcs.length);
  assert.equal(s.otherGc.threads, 1, 'the worker');
  assert.ok(s.otherGc.count > 0);
  assert.equal(s.gc.minor + s.gc.major, s.gc.count);
  assert.ok(s.gc.max <= s.gc.total);
  const slowTasks = s.tasks.find((t) => t.name === 'slow')!;
  const durs = trace.tasks.filter((t) => t.name === 'slow' && !t.open).map((t) => t.dur).sort((a, b) => a - b);
  assert.equal(slowTasks.count, durs.length);
  assert.equal(slowTasks.p50, percentile(durs, 0.5));
  assert.equal(slowTasks.max, durs[durs.length - 1]);
  assert.ok(s.regions.some((r) => r.name === 'fetch inventory'));
});

test('the summary names both causes in its text', () => {
  const out = fluoroTrace([FIXTURE]).stdout.toString();
  const block = out.split('\n');
  const i = block.findIndex((l) => /^ +\d[\d.]+ms +200 +server GET \/slow /.test(l));
  assert.ok(i > 0, out);
  assert.match(block[i + 1], /^ +waited [\d.]+ms for GET 127\.0\.0\.1:\d+\/inventory \(first byte [\d.]+ms\)$/);
  assert.match(block[i + 2], /^ +loop held [\d.]+ms by other tasks, the longest in buildReport \S+app\.mjs:\d+ \(GET \/report\)$/);
});

test('names from the trace print as text, control characters escaped', () => {
  const out = fluoroTrace([FIXTURE]).stdout.toString();
  assert.ok(out.includes('  <img src=x onerror=alert(1)>  '), 'the task name as it is');
  assert.ok(out.includes('\\x1b[2Jwiped\\x0ascreen'), 'escape and newline escaped');
  assert.ok(!/[\u0000-\u0009\u000b-\u001f]/.test(out), 'no control character but newline');
  assert.equal(printable('a\u202eb\u0007c\u2028'), 'a\\u202eb\\x07c\\u2028');
});

test('frames split where the path starts, names with spaces kept', () => {
  assert.deepEqual(parseFrame('get total /srv/my app/x.js:12'), { name: 'get total', file: '/srv/my app/x.js', line: 12 });
  assert.deepEqual(parseFrame('emit node:events:471'), { name: 'emit', file: 'node:events', line: 471 });
  assert.deepEqual(parseFrame('http GET 127.0.0.1:80/x'), { name: 'http GET 127.0.0.1:80/x', file: '', line: 0 });
  assert.deepEqual(parseFrame('(garbage collector)'), { name: '(garbage collector)', file: '', line: 0 });
  assert.deepEqual(parseFrame('f C:\\app\\x.js:3'), { name: 'f', file: 'C:\\app\\x.js', line: 3 });
});

test('-help prints the usage on stderr and exits 0', () => {
  for (const h of ['-help', '--help', '-h']) {
    const r = fluoroTrace([h]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout.length, 0);
    const err = r.stderr.toString();
    assert.match(err, /^usage: fluoro trace \[flags\] FILE\|URL\n/);
    for (const f of ['-summary', '-pprof=TYPE', '-output FILE', '-http=host:port', '-no_browser', '-seconds N', '-timeout N']) assert.ok(err.includes(`    ${f} `), f);
    for (const t of ['net', 'sync', 'syscall', 'sched']) assert.match(err, new RegExp(`^ +${t}: `, 'm'));
  }
});

/** oneLineError asserts exit 1, nothing on stdout and exactly one stderr line matching want. */
function oneLineError(args: string[], want: RegExp): void {
  const r = fluoroTrace(args);
  const err = r.stderr.toString();
  assert.equal(r.status, 1, `${args.join(' ')}: ${err}`);
  assert.equal(r.stdout.length, 0, args.join(' '));
  assert.equal(err.split('\n').length, 2, `one line: ${JSON.stringify(err)}`);
  assert.match(err.trimEnd(), want);
}

test('flag errors are one line', () => {
  oneLineError(['-bogus', FIXTURE], /^flag provided but not defined: -bogus$/);
  oneLineError([], /^no trace source specified$/);
  oneLineError([FIXTURE, FIXTURE], /^want one trace source, got 2$/);
  oneLineError(['-pprof=cpu', FIXTURE], /^unknown pprof type cpu: want one of net, sync, syscall, sched$/);
  oneLineError(['-summary', '-pprof=net', FIXTURE], /^must set at most one of -summary, -pprof and -http$/);
  oneLineError(['-output', 'x', FIXTURE], /^-output is for -pprof$/);
  oneLineError(['-http=nope', FIXTURE], /^could not split http address: address nope: missing port in address$/);
  oneLineError(['-seconds=x', FIXTURE], /^invalid value "x" for flag -seconds: parse error$/);
});

test('bad trace files are one line naming the file and the problem', () => {
  const dir = tempDir();
  const fixture = readFileSync(FIXTURE);
  const json = gunzipSync(fixture).toString();
  const cases: [string, Uint8Array | string, RegExp][] = [
    ['truncated.gz', fixture.subarray(0, fixture.length >> 1), /^\S+truncated\.gz: parsing trace: gzip: unexpected end of file$/],
    ['text.txt', 'hello, world\n', /^\S+text\.txt: parsing trace: not JSON: .+$/],
    ['cut.json', json.slice(0, json.length >> 1), /^\S+cut\.json: parsing trace: not JSON: .+$/],
    ['empty.json', '', /^\S+empty\.json: parsing trace: empty input$/],
    ['object.json', '{"events":[]}', /^\S+object\.json: parsing trace: no traceEvents array$/],
    ['array.json', '[{"ph":"X","ts":1,"dur":1}]', /^\S+array\.json: parsing trace: not a trace: want a JSON object with a traceEvents array$/],
    ['notarray.json', '{"traceEvents":{}}', /^\S+notarray\.json: parsing trace: no traceEvents array$/],
    ['name.json', '{"traceEvents":[{"ph":"X","ts":1,"dur":2,"name":{"x":1}}]}', /^\S+name\.json: parsing trace: traceEvents\[0\]: name is not a string$/],
    ['ts.json', '{"traceEvents":[{"ph":"B","name":"a"},{"ph":"E","ts":"1"}]}', /^\S+ts\.json: parsing trace: traceEvents\[0\]: ts is not a number$/],
    ['meta.json', '{"traceEvents":[],"metadata":{"fluoro":{"startTs":"x"}}}', /^\S+meta\.json: parsing trace: metadata\.fluoro\.startTs is not a number$/],
    ['waits.json', '{"traceEvents":[],"metadata":{"fluoro":{"startTs":1,"endTs":2,"waits":[{"type":"net","ts":1,"dur":1,"stack":[1]}]}}}', /^\S+waits\.json: parsing trace: metadata\.fluoro\.waits\[0\]: stack is not an array of strings$/],
    ['chunk.json', '{"traceEvents":[{"ph":"P","name":"ProfileChunk","ts":1,"id":"0x1","args":{"data":{}}}]}', /^\S+chunk\.json: parsing trace: traceEvents\[0\]: ProfileChunk: no Profile event with id "0x1" before it$/],
    // A name holding a newline and an escape in a place the error quotes.
    ['hostile.json', '{"traceEvents":[{"ph":"X","ts":1,"dur":1,"name":"a"}],"metadata":{"fluoro":{"startTs":1,"endTs":2,"categories":["\\u001b[2J\\n"],"waits":"x"}}}', /^\S+hostile\.json: parsing trace: metadata\.fluoro\.waits is not an array$/],
    ['gzipped-garbage.gz', gzipSync('\u001b[31m<script>\n'), /^\S+gzipped-garbage\.gz: parsing trace: not JSON: .+$/],
  ];
  for (const [name, data, want] of cases) {
    const path = join(dir, name);
    writeFileSync(path, data);
    oneLineError([path], want);
    const err = fluoroTrace([path]).stderr.toString();
    assert.ok(!/[\u0000-\u0009\u000b-\u001f]/.test(err), `${name}: no control characters: ${JSON.stringify(err)}`);
  }
  oneLineError([join(dir, 'missing.json')], /^open \S+missing\.json: no such file or directory$/);
  oneLineError([dir], /^read \S+: is a directory$|^open \S+: is a directory$/);
});

test('a trace without fluoro metadata (Node\'s own file) still summarizes, with a warning', () => {
  const dir = tempDir();
  const path = join(dir, 'node_trace.json');
  writeFileSync(
    path,
    JSON.stringify({
      traceEvents: [
        { pid: 1, tid: 1, ts: 0, ph: 'M', cat: '__metadata', name: 'thread_name', args: { name: 'JavaScriptMainThread' } },
        { pid: 1, tid: 1, ts: 1000, ph: 'B', cat: 'v8', name: 'MinorGC', args: {} },
        { pid: 1, tid: 1, ts: 3500, ph: 'E', cat: 'v8', name: 'MinorGC', args: {} },
      ],
    }),
  );
  const r = fluoroTrace([path]);
  assert.equal(r.status, 0, r.stderr.toString());
  const out = r.stdout.toString();
  assert.match(out, /^Trace: 2\.50ms, pid 1\nWarning: the trace has no fluoro metadata/);
  assert.match(out, /^GC: 1 pauses on the main thread \(1 minor, 0 major\), 2\.50ms in all, longest 2\.50ms$/m);
});

test('what the endpoint lost is a warning, in both forms of metadata.fluoro.dropped', () => {
  const dir = tempDir();
  const meta = (dropped: unknown) => ({ traceEvents: [], metadata: { fluoro: { startTs: 0, endTs: 1000, recorder: true, loop: { activeMs: 0.5, idleMs: 0.5, utilization: 0.5 }, dropped } } });
  const cases: [unknown, string][] = [
    [3, 'Warning: the trace lost 3 fluoro records'],
    [{ ringBytes: 4096, records: 0, nodeEvents: 7 }, 'Warning: the trace lost 7 Node events, 4096 bytes of fluoro records the endpoint fell behind on'],
  ];
  for (const [dropped, want] of cases) {
    const path = join(dir, 'dropped.json');
    writeFileSync(path, JSON.stringify(meta(dropped)));
    const r = fluoroTrace([path]);
    assert.equal(r.status, 0, r.stderr.toString());
    assert.equal(r.stdout.toString().split('\n')[1], want);
  }
  const path = join(dir, 'bad-dropped.json');
  writeFileSync(path, JSON.stringify(meta({ records: 'x' })));
  oneLineError([path], /^\S+bad-dropped\.json: parsing trace: metadata\.fluoro\.dropped\.records is not a number$/);
});
