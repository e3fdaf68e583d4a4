// handler() mounted in an Express app, the way the README shows it.

import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { decodeProfile } from '@fluoro/profile';
import { handler } from 'fluoro';
import { get } from './helpers.js';

describe('handler() in Express', () => {
  let server: Server;
  let base: string;
  before(async () => {
    const app = express();
    app.get('/hello', (_req, res) => void res.json({ hello: 'world' }));
    app.use('/debug/pprof', handler());
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('serves the endpoint under its mount path and leaves other routes alone', async () => {
    assert.equal((await get(`${base}/hello`)).body.toString(), '{"hello":"world"}');
    const index = await get(`${base}/debug/pprof/`);
    assert.equal(index.status, 200);
    assert.match(index.body.toString(), /<a href='heap\?debug=1'>heap<\/a>/);
    const heap = await get(`${base}/debug/pprof/heap`);
    assert.equal(decodeProfile(heap.body).sampleType.length, 4);
    const missing = await get(`${base}/debug/pprof/nosuch`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.toString(), 'Unknown profile\n');
    assert.equal((await get(`${base}/nothing-here`)).status, 404);
  });
});
