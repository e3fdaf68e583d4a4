// The phases of outgoing https requests in a trace, over real TLS on
// 127.0.0.1: https.get by name shows its DNS lookup, TCP connect and TLS
// handshake as separate phases in that order; fetch (undici) shows connect
// and handshake as one, because undici reports them together.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { lanes, readTrace, type TraceEvent } from './chrome-trace.js';
import { fixture, get, startTracedApp, type App } from './helpers.js';

/** phaseSpans lists a lane's nested phases as [name, begin, end] in order. */
function phaseSpans(lane: TraceEvent[]): [string, number, number][] {
  const outer = lane[0].name;
  const open = new Map<string, number>();
  const out: [string, number, number][] = [];
  for (const e of lane) {
    if (e.name === outer) continue;
    if (e.ph === 'b') open.set(e.name, e.ts);
    if (e.ph === 'e') out.push([e.name, open.get(e.name)!, e.ts]);
  }
  return out.sort((a, b) => a[1] - b[1]);
}

describe('trace of https client requests', () => {
  let app: App;
  let listen: string;
  let site: string;
  before(async () => ({ app, listen, site } = await startTracedApp('trace-https-app.mjs', { NODE_EXTRA_CA_CERTS: fixture('tls/cert.pem') }, ['--import', 'fluoro/listen'])));
  after(() => app.stop());

  it('https.get: dns, connect, tls, first byte, body; fetch: connect+tls, first byte, body', async () => {
    const pending = get(`${listen}trace?seconds=1`);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await get(`${site}work`)).body.toString(), 'done');
    const res = await pending;
    assert.equal(res.status, 200, res.body.toString());
    const byId = [...lanes(readTrace(res.body), 'fluoro.http').values()];

    const byName = byId.filter((l) => l[0].args?.client === 'http');
    assert.equal(byName.length, 1, JSON.stringify(byId.map((l) => l[0])));
    assert.match(byName[0][0].name, /^GET localhost:\d+\/up$/);
    const spans = phaseSpans(byName[0]);
    assert.deepEqual(spans.map((s) => s[0]), ['dns', 'connect', 'tls', 'first byte', 'body']);
    for (let i = 1; i < spans.length; i++) assert.ok(spans[i][1] >= spans[i - 1][2], `${spans[i][0]} starts after ${spans[i - 1][0]} ends`);
    // The upstream answers 20 ms after the request reached it.
    const firstByte = spans.find((s) => s[0] === 'first byte')!;
    assert.ok(firstByte[2] - firstByte[1] >= 15_000, `first byte ${firstByte[2] - firstByte[1]} us`);
    assert.equal(byName[0].at(-1)!.args?.status, 200);

    const fetched = byId.filter((l) => l[0].args?.client === 'fetch');
    assert.equal(fetched.length, 1);
    assert.match(fetched[0][0].name, /^GET 127\.0\.0\.1:\d+\/up$/);
    assert.deepEqual(phaseSpans(fetched[0]).map((s) => s[0]), ['connect+tls', 'first byte', 'body']);
    assert.equal(fetched[0].at(-1)!.args?.status, 200);
  });
});
