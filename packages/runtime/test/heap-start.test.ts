// Heap sampling from the application's first line: what a service retains
// while it starts, right after `import 'fluoro/listen'`, is in its heap
// profile, read by fluoro's decoder and by the real go tool pprof.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { decodeProfile } from '@fluoro/profile';
import { requires } from '@fluoro/testkit';
import { get, goPprof, inuseUnder, nextLine, startApp } from './helpers.js';

const MiB = 1 << 20;

describe('heap profile of allocations made while the app starts', () => {
  it('holds the 32 MiB retained right after import fluoro/listen', async () => {
    const app = startApp('early-heap-app.mjs');
    try {
      assert.equal(await nextLine(app), '256');
      const url = await nextLine(app);
      const heap = await get(`${url}heap`);
      assert.equal(heap.status, 200);
      const retained = inuseUnder(decodeProfile(heap.body), 'retainAtStart');
      assert.ok(retained >= 25 * MiB, `retainAtStart holds ${(retained / MiB).toFixed(1)} MiB in use, want >= 25`);
    } finally {
      await app.stop();
    }
  });

  it('shows the retaining function in go tool pprof -sample_index=inuse_space', { skip: requires('go') }, async () => {
    const app = startApp('early-heap-app.mjs');
    try {
      await nextLine(app);
      const url = await nextLine(app);
      const { stdout } = await goPprof(['-top', '-sample_index=inuse_space', `${url}heap`]);
      const row = stdout.split('\n').find((l) => /\sretainAtStart$/.test(l));
      assert.ok(row, stdout);
      const m = /^\s*([\d.]+)(kB|MB|GB)\s/.exec(row)!;
      const mib = Number(m[1]) * { kB: 1 / 1024, MB: 1, GB: 1024 }[m[2] as 'kB' | 'MB' | 'GB'];
      assert.ok(mib >= 25, row);
    } finally {
      await app.stop();
    }
  });
});

