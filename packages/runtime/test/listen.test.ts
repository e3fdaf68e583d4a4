// fluoro/listen: its own listener, safe defaults, and answers while the main thread is busy.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { decodeProfile } from '@fluoro/profile';
import { heapMaxAgeMs, listenConfig } from '../src/listen-config.js';
import { get, nextLine, startApp } from './helpers.js';

describe('listen configuration', () => {
  it('defaults to loopback port 6060', () => {
    assert.deepEqual(listenConfig({}), { host: '127.0.0.1', port: 6060, token: undefined });
  });
  it('refuses a public address without a token', () => {
    assert.throws(() => listenConfig({ FLUORO_ADDR: '0.0.0.0:6060' }), /not a loopback address: set FLUORO_TOKEN/);
    assert.throws(() => listenConfig({ FLUORO_ADDR: ':6060' }), /not a loopback address/);
    assert.equal(listenConfig({ FLUORO_ADDR: '0.0.0.0:6060', FLUORO_TOKEN: 't' }).token, 't');
    assert.equal(listenConfig({ FLUORO_ADDR: '0.0.0.0:6060', FLUORO_INSECURE: '1' }).host, '0.0.0.0');
  });
  it('rejects malformed addresses', () => {
    assert.throws(() => listenConfig({ FLUORO_ADDR: 'localhost' }), /want host:port/);
    assert.throws(() => listenConfig({ FLUORO_ADDR: '127.0.0.1:70000' }), /port out of range/);
    assert.deepEqual(listenConfig({ FLUORO_ADDR: '[::1]:7070' }), { host: '::1', port: 7070, token: undefined });
  });
});

describe('FLUORO_HEAP_MAX_AGE', () => {
  it('is whole seconds, 0 reading the heap on every request', () => {
    assert.equal(heapMaxAgeMs({ FLUORO_HEAP_MAX_AGE: '15' }), 15_000);
    assert.equal(heapMaxAgeMs({ FLUORO_HEAP_MAX_AGE: '0' }), 0);
    assert.equal(heapMaxAgeMs({}), undefined);
    for (const bad of ['-1', '1.5', '60s', 'x', '9'.repeat(400)]) {
      assert.throws(() => heapMaxAgeMs({ FLUORO_HEAP_MAX_AGE: bad }), /FLUORO_HEAP_MAX_AGE=\d*\S*: want whole seconds/);
    }
  });
});

describe('fluoro/listen in an app', () => {
  it('keeps answering while the main thread is blocked', async () => {
    const app = startApp('busy-app.mjs', { BLOCK_MS: '4000' });
    try {
      const url = (await nextLine(app)).replace(/^ready /, '');
      // Let the app enter its blocking call, then ask for the index and the heap.
      await new Promise((r) => setTimeout(r, 500));
      let order: string[] = [];
      const done = nextLine(app).then((l) => order.push(l));
      const index = await get(url);
      order.push(`index ${index.status}`);
      const heap = await get(`${url}heap?debug=1`);
      order.push(`heap ${heap.status}`);
      await done;
      assert.deepEqual(order, ['index 200', 'heap 200', 'blocked-done']);
      assert.match(heap.body.toString(), /blockMainThread|heap profile:/);
    } finally {
      await app.stop();
    }
  });

  it('runs no CPU profiler between requests, and a requested profile at 100 Hz', async () => {
    // V8 runs its profiler's event thread only while a profile is in progress.
    const threadNames = (pid: number) =>
      readdirSync(`/proc/${pid}/task`).map((tid) => readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim());
    const app = startApp('busy-app.mjs', { BLOCK_MS: '1000' });
    try {
      const url = (await nextLine(app)).replace(/^ready /, '');
      assert.ok(!threadNames(app.child.pid!).includes('v8:ProfEvntProc'), threadNames(app.child.pid!).join(', '));
      const res = get(`${url}profile?seconds=1`);
      let seen = false;
      for (let i = 0; i < 18 && !seen; i++) {
        await new Promise((r) => setTimeout(r, 50));
        seen = threadNames(app.child.pid!).includes('v8:ProfEvntProc');
      }
      assert.ok(seen, 'no profiler thread during a profile');
      const profile = decodeProfile((await res).body);
      assert.equal(profile.period, 10_000_000);
      assert.ok(profile.sample.length > 0);
    } finally {
      await app.stop();
    }
  });

  it('logs one line with the URL and serves only the endpoint', async () => {
    const app = startApp('busy-app.mjs', { BLOCK_MS: '0' });
    try {
      const url = (await nextLine(app)).replace(/^ready /, '');
      assert.match(app.stderr(), /^fluoro: serving profiles at http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/\n$/);
      assert.equal((await get(url.replace('/debug/pprof/', '/'))).status, 404);
    } finally {
      await app.stop();
    }
  });

  it('never keeps the app alive: it exits on its own, cleanly', async () => {
    const app = startApp('natural-exit.mjs');
    const code = await new Promise((r) => app.child.once('exit', r));
    assert.equal(code, 0);
    assert.match(app.stderr(), /^fluoro: serving profiles at \S+\n$/);
  });

  it('lets the app call process.exit without "Waiting for the debugger to disconnect"', async () => {
    const app = startApp('exit-app.mjs');
    const code = await new Promise((r) => app.child.once('exit', r));
    assert.equal(code, 0);
    assert.match(app.stderr(), /^fluoro: serving profiles at \S+\n$/);
  });

  it('serves once under node --import, even when the app starts workers', async () => {
    const app = startApp('worker-app.mjs', {}, ['--import', 'fluoro/listen']);
    try {
      assert.equal(await nextLine(app), 'worker said hello');
      const code = await new Promise((r) => app.child.once('exit', r));
      assert.equal(code, 0);
      assert.equal(app.stderr().match(/serving profiles at/g)?.length, 1, app.stderr());
    } finally {
      await app.stop();
    }
  });

  it('shares one CPU profiler and one heap sampler with a handler() the app mounts', async () => {
    const app = startApp('mounted-app.mjs');
    try {
      const [, listenUrl, appUrl] = (await nextLine(app)).split(' ');
      // Go's rule, one CPU profile at a time, holds across the two endpoints:
      // asked at once, whichever comes second is refused, in either order.
      for (const [first, second] of [[listenUrl, appUrl], [appUrl, listenUrl]]) {
        const answers = await Promise.all([get(`${first}profile?seconds=1`), get(`${second}profile?seconds=1`)]);
        assert.deepEqual(answers.map((a) => a.status).sort(), [200, 500]);
        const refused = answers.find((a) => a.status === 500)!;
        assert.equal(refused.body.toString(), 'Could not enable CPU profiling: cpu profiling already in use\n');
      }
      // V8 has one heap sampler per thread: both endpoints see the same retainer.
      for (const url of [listenUrl, appUrl]) {
        const heap = await get(`${url}heap?debug=1`);
        assert.equal(heap.status, 200);
        assert.match(heap.body.toString(), /\tretainBuffers\+0x0\t/);
      }
    } finally {
      await app.stop();
    }
  });

  it('reports a port in use without crashing the app', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as AddressInfo).port;
    const app = startApp('busy-app.mjs', { FLUORO_ADDR: `127.0.0.1:${port}`, BLOCK_MS: '0' });
    try {
      assert.equal(await nextLine(app), 'ready undefined');
      assert.equal(await nextLine(app), 'blocked-done');
      assert.match(app.stderr(), new RegExp(`fluoro: not listening: 127\\.0\\.0\\.1:${port} is already in use; set FLUORO_ADDR`));
    } finally {
      await app.stop();
      blocker.close();
    }
  });

  it('refuses a public address without a token and keeps the app running', async () => {
    const app = startApp('busy-app.mjs', { FLUORO_ADDR: '0.0.0.0:0', BLOCK_MS: '0' });
    try {
      assert.equal(await nextLine(app), 'ready undefined');
      assert.equal(await nextLine(app), 'blocked-done');
      assert.match(app.stderr(), /not a loopback address/);
    } finally {
      await app.stop();
    }
  });
});
