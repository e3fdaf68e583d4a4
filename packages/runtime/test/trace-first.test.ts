// The first trace of a process loads the trace machinery on the main
// thread (the recorder is a separate file, required from inside the
// inspector's interrupt). Asked for while the main thread spins, that first
// trace must still come back on time, with the stuck task open and named.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readTrace } from './chrome-trace.js';
import { get, startTracedApp, type App } from './helpers.js';

describe('the first trace of a process, asked for while its main thread spins', () => {
  let app: App;
  let listen: string;
  let site: string;
  before(async () => ({ app, listen, site } = await startTracedApp('trace-app.mjs')));
  after(() => app.stop());

  it('loads the recorder inside the spin and answers on time with spinInLoop open', async () => {
    const spin = get(`${site}spin?ms=4000`);
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    const res = await get(`${listen}trace?seconds=1`);
    const ms = performance.now() - t0;
    assert.equal(res.status, 200, res.body.toString());
    assert.ok(ms < 3000, `answered after ${ms} ms while the loop was stuck`);
    const file = readTrace(res.body);
    assert.equal(file.metadata.fluoro.recorder, true, 'the main thread had a recorder');
    const stuck = file.traceEvents.filter((e) => e.cat === 'fluoro.task' && e.args?.frames[0].frame.startsWith('spinInLoop '));
    assert.equal(stuck.length, 1, JSON.stringify(file.traceEvents.filter((e) => e.cat === 'fluoro.task').map((e) => [e.dur, e.args!.frames[0]])));
    assert.equal(stuck[0].args!.open, true);
    assert.match(stuck[0].args!.stack[0], /^spinInLoop .*trace-app\.mjs:\d+$/);
    assert.equal((await spin).status, 200);
  });
});
