// The real go tool pprof reading a Node app's fluoro/listen endpoint.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { firstRow, fixture, goPprof, nextLine, startApp, type App } from './helpers.js';
import { requires } from '@fluoro/testkit';

describe('go tool pprof against a Node app', { skip: requires('go') }, () => {
  let app: App;
  let url: string;
  before(async () => {
    app = startApp('hot-app.mjs');
    url = JSON.parse(await nextLine(app)).url;
  });
  after(() => app.stop());

  const file = fixture('hot-app.mjs');
  const flatPercent = (row: string) => Number(/^\s*\S+\s+([\d.]+)%/.exec(row)![1]);

  it('shows the hot function with its file and line in a CPU profile', async () => {
    const { stdout } = await goPprof(['-top', '-lines', `${url}profile?seconds=2`]);
    assert.match(stdout, /^Type: cpu$/m);
    // The busy line of hotLoop, e.g. "hotLoop /path/hot-app.mjs:16".
    const row = stdout.split('\n').find((l) => l.includes(`hotLoop ${file}:`));
    if (row === undefined) assert.fail(`no hotLoop row with file and line in:\n${stdout}`);
    assert.ok(flatPercent(row) > 20, `hotLoop has only ${flatPercent(row)}% flat:\n${stdout}`);
  });

  it('names the hot function by default too, in code optimized before the profile started', async () => {
    // fluoro has V8 recompile at the start of a profile; code optimized
    // before would charge hotLoop's samples to tick, which inlines it.
    const cold = startApp('hot-app.mjs');
    try {
      const coldUrl = JSON.parse(await nextLine(cold)).url;
      await new Promise((r) => setTimeout(r, 1000));
      const { stdout } = await goPprof(['-top', `${coldUrl}profile?seconds=2`]);
      assert.equal(firstRow(stdout), 'hotLoop', stdout);
    } finally {
      await cold.stop();
    }
  });

  it('shows the function that retains memory under inuse_space', async () => {
    const { stdout } = await goPprof(['-top', '-sample_index=inuse_space', `${url}heap`]);
    assert.match(stdout, /^Type: inuse_space$/m);
    const rows = stdout.split('\n').filter((l) => /^\s*\d/.test(l));
    const cumOf = (name: string) => rows.find((l) => l.trim().endsWith(` ${name}`));
    assert.ok(cumOf('retainBuffers'), `retainBuffers missing:\n${stdout}`);
    // retainBuffers holds ~8 MB: the top row by flat should be its allocation.
    assert.match(rows[0], /retainBuffers|fill|Array/, stdout);
  });
});
