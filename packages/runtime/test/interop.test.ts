// The real go tool pprof reading a Node app's fluoro/listen endpoint.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixture, goPprof, nextLine, startApp, type App } from './helpers.js';

describe('go tool pprof against a Node app', () => {
  let app: App;
  let url: string;
  before(async () => {
    app = startApp('hot-app.mjs');
    url = JSON.parse(await nextLine(app)).url;
  });
  after(() => app.stop());

  it('shows the hot function with its file and line in a CPU profile', async () => {
    const { stdout } = await goPprof(['-top', '-lines', `${url}profile?seconds=2`]);
    assert.match(stdout, /^Type: cpu$/m);
    // The busy line of hotLoop, e.g. "hotLoop /path/hot-app.mjs:16".
    const file = fixture('hot-app.mjs');
    const row = stdout.split('\n').find((l) => l.includes(`hotLoop ${file}:`));
    if (row === undefined) assert.fail(`no hotLoop row with file and line in:\n${stdout}`);
    const flatPercent = Number(/^\s*\S+\s+([\d.]+)%/.exec(row)![1]);
    assert.ok(flatPercent > 20, `hotLoop has only ${flatPercent}% flat:\n${stdout}`);
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
