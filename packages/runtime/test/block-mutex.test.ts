// The block and mutex profiles: event-loop waits charged to the waiting
// work (block) and to the callbacks that held the loop (mutex), in Go's
// formats, read by the real go tool pprof.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeProfile, encodeProfile } from '@fluoro/profile';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fluoro from 'fluoro';
import { setBlockProfileRate, setMutexProfileFraction } from 'fluoro';
import { contentionProfileData, contentionProfileText } from '../src/contention-profiles.js';
import { firstRow, get, goPprof, nextLine, startApp, withAppUrl } from './helpers.js';
import { requires } from '@fluoro/testkit';

const goText = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../testdata/go/${name}`, import.meta.url)), 'utf8');

// shapeOf reduces a debug=1 contention text to the kinds of its lines, so
// ours can be compared with Go's line for line in form.
function shapeOf(text: string): string[] {
  return text.split('\n').map((line) => {
    if (/^--- (contention|mutex):$/.test(line)) return line;
    if (/^cycles\/second=\d+$/.test(line)) return 'cycles/second=N';
    if (/^sampling period=\d+$/.test(line)) return 'sampling period=N';
    if (/^\d+ \d+ @( 0x[0-9a-f]+)+$/.test(line)) return 'CYCLES COUNT @ ADDRS';
    if (/^#\t0x[0-9a-f]+\t\S.*\+0x[0-9a-f]+\t+\S*:\d+$/.test(line)) return '# FRAME';
    if (line === '') return '';
    return `unexpected: ${line}`;
  });
}

const distinct = (shape: string[]) => [...new Set(shape)].sort();

describe('contention profile formats', () => {
  const frame = (functionName: string, line: number) => ({ functionName, scriptId: '0', url: 'file:///app/a.js', lineNumber: -1, columnNumber: -1, line });
  const records = [
    { stack: [frame('worker', 20), frame('main', 3)], count: 12.7, delayNanos: 90e6 },
    { stack: [frame('poll', 9)], count: 3, delayNanos: 4e6 },
  ];

  it('writes the debug=1 text in the shape of Go\'s block and mutex texts', () => {
    const block = contentionProfileText('block', records, 0);
    assert.equal(block.split('\n').slice(0, 4).join('\n'), '--- contention:\ncycles/second=1000000000\n90000000 12 @ 0x1 0x2\n#\t0x1\tworker+0x0\t/app/a.js:20');
    assert.deepEqual(distinct(shapeOf(block)), distinct(shapeOf(goText('block.debug1.txt'))));
    const mutex = contentionProfileText('mutex', records, 5);
    assert.match(mutex, /^--- mutex:\ncycles\/second=1000000000\nsampling period=5\n90000000 12 @/);
    assert.deepEqual(distinct(shapeOf(mutex)), distinct(shapeOf(goText('mutex.debug1.txt'))));
  });

  it('scales the proto by the mutex sampling period, with Go\'s sample and period types', () => {
    const profile = decodeProfile(Buffer.from(encodeProfile(contentionProfileData(records, 5, 1000))));
    assert.deepEqual(profile.sampleType, [{ type: 'contentions', unit: 'count' }, { type: 'delay', unit: 'nanoseconds' }]);
    assert.deepEqual(profile.periodType, { type: 'contentions', unit: 'count' });
    assert.deepEqual(profile.sample.map((s) => s.value), [[60, 450e6], [15, 20e6]]);
  });
});

describe('setBlockProfileRate and setMutexProfileFraction', () => {
  it('follow Go: fraction returns the previous value, a negative one only reads, bad input is a TypeError', () => {
    assert.equal(setMutexProfileFraction(-1), 0);
    assert.equal(setMutexProfileFraction(3), 0);
    assert.equal(setMutexProfileFraction(-1), 3);
    assert.equal(setMutexProfileFraction(0), 3);
    assert.throws(() => setMutexProfileFraction('1' as unknown as number), TypeError);
    assert.throws(() => setBlockProfileRate(Number.NaN), /rate must be a number/);
    setBlockProfileRate(0);
  });
});

describe('the exports issue 5 names', () => {
  it('are functions of the package', () => {
    for (const name of ['withLabels', 'newProfile', 'lookup', 'profiles', 'setBlockProfileRate', 'setMutexProfileFraction'] as const) {
      assert.equal(typeof fluoro[name], 'function', name);
    }
    assert.deepEqual(
      fluoro.profiles().map((p) => p.name).filter((n) => ['block', 'mutex'].includes(n)),
      ['block', 'mutex'],
    );
    assert.equal(fluoro.lookup('mutex')?.name, 'mutex');
  });
});

describe('event-loop waits', () => {
  it('charge a timer held up by a busy callback to its creator (block) and to the busy callback (mutex)', async () => {
    const app = startApp('waits-app.mjs');
    try {
      type Row = { frames: string[]; count: number; delayMs: number };
      const { block, mutex } = JSON.parse(await nextLine(app)) as { block: Row[]; mutex: Row[] };
      const blocked = block.find((r) => r.frames[0] === 'armTimer');
      assert.ok(blocked !== undefined && blocked.delayMs >= 20 && blocked.count === 1, `block: ${JSON.stringify(block)}`);
      const held = mutex.find((r) => r.frames[0] === 'hogFor40ms');
      assert.ok(held !== undefined && held.delayMs >= 20 && held.count >= 1, `mutex: ${JSON.stringify(mutex)}`);
    } finally {
      await app.stop();
    }
  });
});

describe('block profile of a slow consumer', () => {
  it('charges the wait to the function that awaited, read by go tool pprof', { skip: requires('go') }, async () => {
    // Every stack captured (weights of 1): the counts below are then exact, not estimates that a loaded machine spreads.
    await withAppUrl('block-app.mjs', { FLUORO_ASYNC: 'all' }, async (url) => {
      await new Promise((r) => setTimeout(r, 1500));
      const { stdout } = await goPprof(['-top', `${url}block`]);
      assert.match(stdout, /^Type: delay$/m);
      assert.equal(firstRow(stdout), 'worker', stdout);
      const contentions = await goPprof(['-top', '-sample_index=contentions', `${url}block`]);
      assert.equal(firstRow(contentions.stdout), 'worker', contentions.stdout);

      const text = (await get(`${url}block?debug=1`)).body.toString();
      assert.match(text, /^--- contention:\ncycles\/second=1000000000\n\d+ \d+ @( 0x[0-9a-f]+)+\n#\t0x[0-9a-f]+\tworker\+0x0\t.*block-app\.mjs:\d+\n/);
      assert.ok(!shapeOf(text).some((l) => l.startsWith('unexpected')), text);

      const delta = await get(`${url}block?seconds=1`);
      assert.equal(delta.status, 200);
      assert.equal(delta.headers['content-disposition'], 'attachment; filename="block-delta"');
      const d = decodeProfile(delta.body);
      assert.ok(d.durationNanos >= 1e9, String(d.durationNanos));
      // Ten batches a second, each making the nine later workers wait; far below what a full profile holds.
      const total = d.sample.reduce((sum, s) => sum + s.value[0], 0);
      assert.ok(total > 0 && total < 400, `delta contentions ${total}`);
      assert.equal((await get(`${url}block?seconds=1&debug=1`)).body.toString(), 'seconds and debug params are incompatible\n');
    });
  });
});

describe('mutex profile of a callback that hogs the loop', () => {
  it('charges the waits it caused to the hogging callback, read by go tool pprof', { skip: requires('go') }, async () => {
    await withAppUrl('mutex-app.mjs', {}, async (url) => {
      await new Promise((r) => setTimeout(r, 1500));
      const { stdout } = await goPprof(['-top', `${url}mutex`]);
      assert.match(stdout, /^Type: delay$/m);
      assert.equal(firstRow(stdout), 'hogLoop', stdout);
      const traces = (await goPprof(['-traces', `${url}mutex`])).stdout;
      assert.match(traces, /hogLoop\n\s+startHog\n/);

      const text = (await get(`${url}mutex?debug=1`)).body.toString();
      assert.match(text, /^--- mutex:\ncycles\/second=1000000000\nsampling period=1\n\d+ \d+ @( 0x[0-9a-f]+)+\n#\t0x[0-9a-f]+\thogLoop\+0x0\t/);
      // go tool pprof reads the legacy text too, as it reads Go's.
      const file = join(tmpdir(), `fluoro-mutex-${process.pid}.txt`);
      writeFileSync(file, text);
      assert.match((await goPprof(['-top', file])).stdout, /^Type: delay$/m);
      // Nothing waits on this app's block profile: its rate is 0, Go's default.
      assert.equal((await get(`${url}block?debug=1`)).body.toString(), '--- contention:\ncycles/second=1000000000\n');
      assert.match((await get(url)).body.toString(), /<tr><td>[1-9]\d*<\/td><td><a href='mutex\?debug=1'>mutex<\/a>/);
    });
  });
});

