// Custom profiles (Go's pprof.NewProfile): the API, the endpoint's answers
// compared with Go's, and go tool pprof reading one through fluoro/listen.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { decodeProfile, toCollapsed } from '@fluoro/profile';
import { handler, newProfile, lookup } from 'fluoro';
import { comparedHeaders, goResponse } from './go-capture.js';
import { get, goPprof, nextLine, startApp } from './helpers.js';
import { requires } from '@fluoro/testkit';

const connections = newProfile('fluoro.test/connections');
function openConnection(target: string) {
  const conn = { target };
  connections.add(conn);
  return conn;
}
function dialDatabase() {
  return openConnection('db');
}
function dialCache() {
  return openConnection('cache');
}

describe('newProfile', () => {
  it('refuses Go\'s names, duplicates and a value added twice', () => {
    assert.throws(() => newProfile('heap'), /name already in use: heap/);
    assert.throws(() => newProfile('fluoro.test/connections'), /name already in use/);
    assert.throws(() => newProfile(''), TypeError);
    const p = newProfile('fluoro.test/dupes');
    const v = {};
    p.add(v);
    assert.throws(() => p.add(v), /duplicate value/);
    p.remove(v);
    p.remove(v);
    assert.equal(p.count(), 0);
    assert.equal(lookup('fluoro.test/dupes'), p);
  });
});

describe('a custom profile over HTTP', () => {
  let server: Server;
  let base: string;
  before(async () => {
    const open = [dialDatabase(), dialDatabase(), dialDatabase(), dialCache(), dialCache()];
    connections.remove(open.pop());
    server = createServer(handler());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/debug/pprof/`;
  });
  after(() => server.close());

  it('is listed on the index with its count', async () => {
    const body = (await get(base)).body.toString();
    assert.match(body, /<tr><td>4<\/td><td><a href='fluoro\.test\/connections\?debug=1'>fluoro\.test\/connections<\/a><\/td><\/tr>/);
  });

  it('serves the proto with Go\'s headers and the stacks that added each value', async () => {
    const res = await get(`${base}fluoro.test/connections`);
    assert.deepEqual(comparedHeaders(res.headers), goResponse('custom').headers);
    const p = decodeProfile(res.body);
    assert.deepEqual(p.sampleType, [{ type: 'fluoro.test/connections', unit: 'count' }]);
    assert.deepEqual(p.periodType, { type: 'fluoro.test/connections', unit: 'count' });
    const stacks = toCollapsed(p).split('\n').filter((l) => l.includes('openConnection'));
    assert.deepEqual(
      stacks.map((l) => l.replace(/^.*;(dial\w+);openConnection (\d+)$/, '$1 $2')),
      ['dialCache 1', 'dialDatabase 3'],
    );
  });

  it('writes Go\'s count-profile text for debug=1', async () => {
    const text = (await get(`${base}fluoro.test/connections?debug=1`)).body.toString();
    const lines = text.split('\n');
    assert.equal(lines[0], 'fluoro.test/connections profile: total 4');
    assert.match(lines[1], /^3 @( 0x[0-9a-f]+)+$/);
    assert.match(lines[2], /^#\t0x[0-9a-f]+\topenConnection\+0x0\t+\/.*custom-profile\.test\.ts:\d+$/);
  });

  it('refuses seconds with Go\'s message', async () => {
    const res = await get(`${base}fluoro.test/connections?seconds=1`);
    const go = goResponse('custom-seconds-1');
    assert.equal(res.status, go.status);
    assert.equal(res.body.toString(), go.body);
  });
});

describe('go tool pprof reading a custom profile through fluoro/listen', { skip: requires('go') }, () => {
  it('names the function that opened the connections', async () => {
    const app = startApp('connections-app.mjs');
    try {
      const { url } = JSON.parse(await nextLine(app));
      const { stdout } = await goPprof(['-top', `${url}fluoro.test/connections`]);
      assert.match(stdout, /^Type: fluoro\.test\/connections$/m);
      assert.match(stdout, /^\s+4\s+100%\s+100%\s+4\s+100%\s+openConnection$/m);
      const traces = (await goPprof(['-traces', `${url}fluoro.test/connections`])).stdout;
      assert.match(traces, /\s+3\s+openConnection\n\s+dialDatabase/);
    } finally {
      await app.stop();
    }
  });
});
