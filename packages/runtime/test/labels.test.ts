// Profiler labels (withLabels, Go's pprof.Do) on CPU samples, read by go tool pprof.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getLabels, withLabels } from 'fluoro';
import { goPprof, nextLine, startApp } from './helpers.js';

describe('withLabels', () => {
  it('merges with the current labels and follows async context', async () => {
    assert.deepEqual(getLabels(), {});
    await withLabels({ handler: 'checkout' }, async () => {
      await withLabels({ region: 'eu', handler: 'pay' }, async () => {
        await new Promise((r) => setTimeout(r, 1));
        assert.deepEqual(getLabels(), { handler: 'pay', region: 'eu' });
      });
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(getLabels(), { handler: 'checkout' });
    });
    assert.deepEqual(getLabels(), {});
    assert.throws(() => withLabels({ n: 1 as unknown as string }, () => {}), /label n must be a string/);
  });
});

describe('labels on CPU samples', () => {
  it('lets go tool pprof split and focus a profile by label', async () => {
    const app = startApp('labels-app.mjs');
    try {
      const { url } = JSON.parse(await nextLine(app));
      const file = `${url}profile?seconds=2`;
      const { stdout: raw } = await goPprof(['-raw', file]);
      assert.match(raw, /handler:\[checkout\]/);
      assert.match(raw, /handler:\[search\]/);
      assert.match(raw, /region:\[eu\]/);
      const focused = await goPprof(['-top', '-tagfocus=handler=checkout', file]);
      assert.match(focused.stdout, / checkoutWork$/m);
      assert.doesNotMatch(focused.stdout, / searchWork$/m);
    } finally {
      await app.stop();
    }
  });
});
