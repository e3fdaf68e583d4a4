// The /debug/pprof/ endpoint over real HTTP on 127.0.0.1, compared with the
// responses Go 1.19's net/http/pprof gave for the same requests.

import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { decodeProfile } from '@fluoro/profile';
import { handler } from 'fluoro';
import { comparedHeaders, goResponse } from './go-capture.js';
import { get } from './helpers.js';

function serve(h: ReturnType<typeof handler>, timeoutMs = 0): Promise<{ server: Server; base: string }> {
  const server = createServer(h);
  server.timeout = timeoutMs;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

/** sameAsGo asserts status, compared headers and body equal Go's capture. */
async function sameAsGo(url: string, capture: string): Promise<void> {
  const ours = await get(url);
  const go = goResponse(capture);
  assert.equal(ours.status, go.status, `${capture}: status`);
  assert.deepEqual(comparedHeaders(ours.headers), go.headers, `${capture}: headers`);
  assert.equal(ours.body.toString('latin1'), go.body, `${capture}: body`);
}

describe('handler() over HTTP', () => {
  let server: Server;
  let base: string;
  let slowServer: Server;
  let slowBase: string;
  before(async () => {
    ({ server, base } = await serve(handler()));
    ({ server: slowServer, base: slowBase } = await serve(handler(), 5000));
  });
  after(() => {
    server.close();
    slowServer.close();
  });

  it('answers errors exactly as Go does', async () => {
    await sameAsGo(`${base}/debug/pprof/nosuch`, 'nosuch');
    await sameAsGo(`${base}/debug/pprof/heap?seconds=abc`, 'heap-seconds-abc');
    await sameAsGo(`${base}/debug/pprof/heap?seconds=0`, 'heap-seconds-0');
    await sameAsGo(`${base}/debug/pprof/heap?seconds=1&debug=1`, 'heap-seconds-1-debug-1');
  });

  it('redirects the path without a slash like Go', async () => {
    await sameAsGo(`${base}/debug/pprof`, 'redirect');
  });

  it('serves symbol and cmdline like Go', async () => {
    await sameAsGo(`${base}/debug/pprof/symbol`, 'symbol');
    const res = await get(`${base}/debug/pprof/cmdline`);
    assert.deepEqual(comparedHeaders(res.headers), goResponse('cmdline').headers);
    assert.equal(res.body.toString(), process.argv.join('\0'));
  });

  it('refuses durations at or over the server timeout with Go\'s message', async () => {
    await sameAsGo(`${slowBase}/debug/pprof/heap?seconds=10`, 'heap-seconds-10');
    await sameAsGo(`${slowBase}/debug/pprof/profile?seconds=5`, 'profile-seconds-5');
  });

  it('lists profiles on an index page shaped like Go\'s', async () => {
    const ours = await get(`${base}/debug/pprof/`);
    const go = goResponse('index');
    assert.equal(ours.status, 200);
    assert.deepEqual(comparedHeaders(ours.headers), go.headers);
    const isRow = (l: string) => l.startsWith('<tr><td>') || l.startsWith('<li>');
    const oursLines = ours.body.toString().split('\n');
    assert.deepEqual(oursLines.filter((l) => !isRow(l)), go.body.split('\n').filter((l) => !isRow(l)));
    const names = oursLines.flatMap((l) => /^<tr><td>\d+<\/td><td><a href='([^']+)\?debug=1'>\1<\/a><\/td><\/tr>$/.exec(l)?.[1] ?? []);
    assert.deepEqual(names, ['allocs', 'block', 'cmdline', 'goroutine', 'heap', 'mutex', 'profile', 'threadcreate', 'trace']);
  });

  it('serves the heap profile in proto with Go\'s sample types', async () => {
    const res = await get(`${base}/debug/pprof/heap`);
    assert.deepEqual(comparedHeaders(res.headers), goResponse('heap').headers);
    const p = decodeProfile(res.body);
    assert.deepEqual(
      p.sampleType.map((t) => `${t.type}/${t.unit}`),
      ['alloc_objects/count', 'alloc_space/bytes', 'inuse_objects/count', 'inuse_space/bytes'],
    );
    assert.deepEqual(p.periodType, { type: 'space', unit: 'bytes' });
    assert.equal(p.period, 524288);
    assert.equal(p.defaultSampleType, '');
    const allocs = decodeProfile((await get(`${base}/debug/pprof/allocs`)).body);
    assert.equal(allocs.defaultSampleType, 'alloc_space');
  });

  it('serves a delta heap profile for seconds=N, uncompressed like Go', async () => {
    const kept: number[][] = [];
    const pending = get(`${base}/debug/pprof/heap?seconds=1`);
    function allocateDuringDelta() {
      for (let i = 0; i < 200; i++) kept.push(new Array(8192).fill(i));
    }
    await new Promise((r) => setTimeout(r, 300));
    allocateDuringDelta();
    const res = await pending;
    assert.deepEqual(comparedHeaders(res.headers), goResponse('heap-seconds-1').headers);
    assert.notEqual(res.body[0], 0x1f, 'gzipped without gz=1');
    const p = decodeProfile(res.body);
    assert.ok(p.durationNanos >= 0.9e9 && p.durationNanos < 5e9, `duration ${p.durationNanos}`);
    const inuse = p.sample.filter((s) => s.location.some((l) => l.line[0].function.name === 'allocateDuringDelta'));
    assert.ok(inuse.reduce((sum, s) => sum + s.value[3], 0) > 8e6, 'the window\'s 12 MB of arrays');
    assert.equal(kept.length, 200);
    const gz = await get(`${base}/debug/pprof/allocs?seconds=1&gz=1`);
    assert.equal(gz.headers['content-disposition'], 'attachment; filename="allocs-delta"');
    assert.equal(gz.body[0], 0x1f);
  });

  it('serves heap debug=1 with Go\'s header line', async () => {
    const res = await get(`${base}/debug/pprof/heap?debug=1`);
    assert.deepEqual(comparedHeaders(res.headers), goResponse('heap-debug-1').headers);
    assert.match(res.body.toString().split('\n')[0], /^heap profile: \d+: \d+ \[\d+: \d+\] @ heap\/1048576$/);
  });

  it('serves a CPU profile and refuses a second one while it runs', async () => {
    const first = get(`${base}/debug/pprof/profile?seconds=1`);
    await new Promise((r) => setTimeout(r, 200));
    await sameAsGo(`${base}/debug/pprof/profile?seconds=1`, 'profile-seconds-1-busy');
    const res = await first;
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-disposition'], 'attachment; filename="profile"');
    const p = decodeProfile(res.body);
    assert.deepEqual(p.sampleType.map((t) => `${t.type}/${t.unit}`), ['samples/count', 'cpu/nanoseconds']);
    assert.equal(p.period, 10_000_000);
    assert.ok(p.durationNanos >= 0.9e9, `duration ${p.durationNanos}`);
  });

  it('ends a CPU profile when its client disconnects and frees the profiler', async () => {
    const req = request(`${base}/debug/pprof/profile?seconds=60`, { agent: false });
    req.on('error', () => {});
    req.end();
    await new Promise((r) => setTimeout(r, 300));
    req.destroy();
    // The server notices the disconnect asynchronously; a new profile must then start.
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await get(`${base}/debug/pprof/profile?seconds=1`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200);
  });

  it('requires the token when one is configured', async () => {
    const { server: s, base: b } = await serve(handler({ token: 's3cret' }));
    try {
      assert.equal((await get(`${b}/debug/pprof/`)).status, 401);
      assert.equal((await get(`${b}/debug/pprof/`, { authorization: 'Bearer wrong!' })).status, 401);
      assert.equal((await get(`${b}/debug/pprof/`, { authorization: 'Bearer s3cret' })).status, 200);
    } finally {
      s.close();
    }
  });
});
