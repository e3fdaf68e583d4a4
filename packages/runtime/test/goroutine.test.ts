// The goroutine profile: live async operations, read by go tool pprof.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trackAsync } from 'fluoro';
import { get, goPprof, withAppUrl } from './helpers.js';
import { requires } from '@fluoro/testkit';

describe('trackAsync options', () => {
  it('refuses a duty cycle outside (0, 1] and a non-boolean everyStack, before turning anything on', () => {
    assert.throws(() => trackAsync({ dutyCycle: 0 }), /dutyCycle must be in \(0, 1\], got 0/);
    assert.throws(() => trackAsync({ dutyCycle: 1.5 }), TypeError);
    assert.throws(() => trackAsync({ everyStack: 'yes' as unknown as boolean }), /everyStack must be a boolean/);
  });
});

describe('goroutine profile of live async operations', () => {
  it('names the function that leaks timers, with FLUORO_ASYNC=1', { skip: requires('go') }, async () => {
    await withAppUrl('leak-app.mjs', { FLUORO_ASYNC: '1' }, async (url) => {
      const { stdout } = await goPprof(['-top', '-cum', `${url}goroutine`]);
      assert.match(stdout, /^Type: goroutine$/m);
      const row = stdout.split('\n').find((l) => l.endsWith(' leakTimers'));
      assert.ok(row, stdout);
      assert.equal(Number(row!.trim().split(/\s+/)[3]), 63, row); // 60 unlabelled + 3 labelled
      assert.match(stdout, / waitForUpstream$/m);

      const text = (await get(`${url}goroutine?debug=1`)).body.toString();
      assert.match(text, /^goroutine profile: total \d+\n60 @( 0x[0-9a-f]+)+\n/);
      assert.match(text, /^3 @( 0x[0-9a-f]+)+\n# labels: \{"job":"sync"\}\n#\t/m);
      assert.match((await goPprof(['-tags', `${url}goroutine`])).stdout, /job: Total 3\.0\n\s+3\.0 \(  100%\): sync/);
      const dump = (await get(`${url}goroutine?debug=2`)).body.toString();
      assert.match(dump, /^goroutine \d+ \[Timeout\]:\n(.*\n)*leakTimers\(\)\n\t\/.*leak-app\.mjs:\d+\n/m);
      assert.match(dump, /^goroutine \d+ \[PROMISE\]:\n(.*\n)*waitForUpstream\(\)\n/m);
      assert.match((await get(url)).body.toString(), /<tr><td>\d+<\/td><td><a href='goroutine\?debug=1'>goroutine<\/a>/);
      const delta = await get(`${url}goroutine?seconds=1`);
      assert.equal(delta.headers['content-disposition'], 'attachment; filename="goroutine-delta"');
    });
  });

  it('counts worker threads ever created, by creating stack, without async tracking (threadcreate)', { skip: requires('go') }, async () => {
    await withAppUrl('threads-app.mjs', {}, async (url) => {
      const { stdout } = await goPprof(['-top', '-cum', `${url}threadcreate`]);
      assert.match(stdout, /^Type: threadcreate$/m);
      const row = stdout.split('\n').find((l) => l.endsWith(' startWorkers'));
      assert.equal(Number(row?.trim().split(/\s+/)[3]), 2, stdout);
      const text = (await get(`${url}threadcreate?debug=1`)).body.toString();
      assert.match(text, /^threadcreate profile: total 3\n/); // fluoro's own listener thread is one of them
      assert.match(text, /^2 @( 0x[0-9a-f]+)+\n#\t0x[0-9a-f]+\tstartWorkers\+0x0\t/m); // one record for the loop's two
      assert.match((await get(url)).body.toString(), /<tr><td>3<\/td><td><a href='threadcreate\?debug=1'>threadcreate<\/a>/);
    });
  });

  it('counts live handles and requests by type without tracking', { skip: requires('go') }, async () => {
    await withAppUrl('leak-app.mjs', {}, async (url) => {
      const { stdout } = await goPprof(['-top', `${url}goroutine`]);
      const row = stdout.split('\n').find((l) => l.endsWith(' (Timeout)'));
      assert.ok(row, stdout);
      assert.ok(Number(row!.trim().split(/\s+/)[0]) >= 60, row);
    });
  });
});
