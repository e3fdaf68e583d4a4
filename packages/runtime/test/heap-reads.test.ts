// When the heap sampler is read. Each read forces a full GC in V8, so one
// read answers heap and allocs requests for a minute, as Go's heap profile
// answers from its last GC; gc=1, seconds=N and FLUORO_HEAP_MAX_AGE=0 read anew.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeProfile, type Profile } from '@fluoro/profile';
import { get, inuseUnder, nextLine, startApp, withAppUrl } from './helpers.js';

async function profileAt(url: string): Promise<Profile> {
  const res = await get(url);
  assert.equal(res.status, 200, res.body.toString());
  return decodeProfile(res.body);
}

describe('heap sampler reads', () => {
  it('answers heap and allocs from one read until gc=1 asks for a new one', async () => {
    await withAppUrl('growing-app.mjs', {}, async (url) => {
      const first = await profileAt(`${url}allocs`);
      // retainSlowly keeps about 5 MiB more meanwhile.
      await sleep(500);
      const again = await profileAt(`${url}heap`);
      assert.equal(again.timeNanos, first.timeNanos, 'the profile is dated by the read that answered it');
      assert.equal(inuseUnder(again, 'retainSlowly'), inuseUnder(first, 'retainSlowly'));
      const fresh = await profileAt(`${url}heap?gc=1`);
      assert.ok(fresh.timeNanos > first.timeNanos);
      assert.ok(inuseUnder(fresh, 'retainSlowly') > inuseUnder(first, 'retainSlowly'));
      const after = await profileAt(`${url}allocs`);
      assert.equal(after.timeNanos, fresh.timeNanos, 'gc=1 read for both views');
    });
  });

  it('reads on every request with FLUORO_HEAP_MAX_AGE=0', async () => {
    await withAppUrl('growing-app.mjs', { FLUORO_HEAP_MAX_AGE: '0' }, async (url) => {
      const first = await profileAt(`${url}heap`);
      await sleep(500);
      const second = await profileAt(`${url}heap`);
      assert.ok(second.timeNanos > first.timeNanos);
      assert.ok(inuseUnder(second, 'retainSlowly') > inuseUnder(first, 'retainSlowly'));
    });
  });

  it('reads both ends of a seconds=N delta anew', async () => {
    await withAppUrl('growing-app.mjs', {}, async (url) => {
      await profileAt(`${url}allocs`);
      await sleep(1500);
      const delta = await profileAt(`${url}heap?seconds=1`);
      // Started from the read 1.5 s before, it would span 2.5 s.
      assert.ok(delta.durationNanos < 2e9, `the delta spans ${delta.durationNanos / 1e9} s`);
      assert.ok(inuseUnder(delta, 'retainSlowly') > 0, 'the heap grew over the second');
    });
  });

  it('warns of a malformed FLUORO_HEAP_MAX_AGE and uses the default', async () => {
    const app = startApp('growing-app.mjs', { FLUORO_HEAP_MAX_AGE: '1m' });
    try {
      const { url } = JSON.parse(await nextLine(app)) as { url: string };
      const first = await profileAt(`${url}heap`);
      const again = await profileAt(`${url}heap`);
      assert.equal(again.timeNanos, first.timeNanos, 'one read answers both, as by default');
      assert.match(app.stderr(), /fluoro: FLUORO_HEAP_MAX_AGE=1m: want whole seconds, e\.g\. 60 \(0 reads the heap on every request\); using the default/);
    } finally {
      await app.stop();
    }
  });
});
