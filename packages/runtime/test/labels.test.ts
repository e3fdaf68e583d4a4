// Profiler labels (withLabels, Go's pprof.Do) on CPU samples, read by go tool pprof.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// From src, like labelSpans below: the package entry is a bundle with its own copy of the label store.
import { getLabels, startCpuProfile, stopCpuProfile, withLabels } from '../src/index.js';
import { labelSpans, recordSpans } from '../src/labels.js';
import { goPprof, nextLine, startApp } from './helpers.js';
import { requires } from '@fluoro/testkit';

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

describe('label spans', () => {
  const count = () => labelSpans(0, Number.MAX_SAFE_INTEGER).length;
  const tick = () => new Promise((r) => setImmediate(r));

  it('are recorded only while a CPU profile runs', async () => {
    const before = count();
    await withLabels({ phase: 'unprofiled' }, tick);
    assert.equal(count(), before);
    recordSpans(true);
    try {
      await withLabels({ phase: 'profiled' }, tick);
    } finally {
      recordSpans(false);
    }
    assert.ok(count() > before);
  });

  it('label a profile taken on the same thread (startCpuProfile)', { skip: requires('go') }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fluoro-labels-')), 'cpu.pb.gz');
    const out = createWriteStream(file);
    await startCpuProfile(out);
    const end = Date.now() + 400;
    let x = 0;
    while (Date.now() < end) {
      withLabels({ job: 'spin' }, () => {
        for (let i = 0; i < 1e5; i++) x = (x * 31 + i) % 1000003;
      });
      await tick();
    }
    await stopCpuProfile();
    out.end();
    await finished(out);
    const { stdout } = await goPprof(['-tags', file]);
    assert.match(stdout, /job: Total/);
    assert.match(stdout, /spin/);
  });
});

describe('labels on CPU samples', () => {
  it('lets go tool pprof split and focus a profile by label', { skip: requires('go') }, async () => {
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
