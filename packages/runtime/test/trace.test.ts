// /debug/pprof/trace over real HTTP: from fluoro/listen's worker on a real
// app (test/fixtures/trace-app.mjs), and from handler() in this process;
// the file checked as Chrome trace events and against what the app did,
// Go's answers compared with Go 1.19's captures, and every failure case.

import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { decodeProfile } from '@fluoro/profile';
import { handler } from 'fluoro';
import { lanes, readTrace, type TraceEvent, type TraceFile } from './chrome-trace.js';
import { comparedHeaders, goResponse } from './go-capture.js';
import { get, startTracedApp, type App, type Response } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sameAsGo(ours: Response, capture: string): Promise<void> {
  const go = goResponse(capture);
  assert.equal(ours.status, go.status, `${capture}: status`);
  assert.deepEqual(comparedHeaders(ours.headers), go.headers, `${capture}: headers`);
  if (go.body !== '') assert.equal(ours.body.toString('latin1'), go.body, `${capture}: body`);
}

/** secondTraceIsBusy asks for a trace while one runs: Go answers 500, and the first trace still comes. */
async function secondTraceIsBusy(endpoint: string): Promise<void> {
  const first = get(`${endpoint}trace?seconds=1`);
  await sleep(300);
  await sameAsGo(await get(`${endpoint}trace?seconds=1`), 'trace-seconds-1-busy');
  assert.equal((await first).status, 200);
}

/** timed is a GET with how long it took, in ms. */
async function timed(url: string): Promise<Response & { ms: number }> {
  const t0 = performance.now();
  const res = await get(url);
  return { ...res, ms: performance.now() - t0 };
}

/** phasesOf lists a lane's nested phases as "name" in order. */
function phasesOf(lane: TraceEvent[]): string[] {
  const outer = lane[0].name;
  return lane.filter((e) => e.ph === 'b' && e.name !== outer).map((e) => e.name);
}

describe('trace from fluoro/listen on an app', () => {
  let app: App;
  let listen: string;
  let site: string;
  before(async () => ({ app, listen, site } = await startTracedApp('trace-app.mjs')));
  after(() => app.stop());

  let traced: TraceFile;
  it("serves Go's headers and a file that validates as Chrome trace events", async () => {
    const pending = timed(`${listen}trace?seconds=1.5`);
    await sleep(300);
    for (let i = 0; i < 2; i++) assert.equal((await get(`${site}work`)).body.toString(), 'done');
    const res = await pending;
    await sameAsGo(res, 'trace-seconds-2');
    assert.ok(res.ms >= 1400 && res.ms < 4000, `answered after ${res.ms} ms`);
    traced = readTrace(res.body);
    const meta = traced.metadata.fluoro;
    assert.equal(meta.version, 1);
    assert.equal(meta.recorder, true);
    assert.deepEqual(meta.dropped, { bytes: 0, nodeEvents: 0 });
    assert.ok(meta.endTs - meta.startTs >= 1.4e6, `window ${meta.endTs - meta.startTs} us`);
    assert.ok(meta.loop.activeMs > 0 && meta.loop.utilization > 0 && meta.loop.utilization <= 1, JSON.stringify(meta.loop));
    assert.ok(traced.traceEvents.some((e) => e.ph === 'M' && e.args?.name === 'JavaScriptMainThread'), "Node's own events");
    assert.ok(traced.traceEvents.some((e) => e.name === 'ProfileChunk' && e.args?.data.cpuProfile.samples.length > 100), 'CPU samples');
    assert.ok(traced.traceEvents.some((e) => e.cat === 'fluoro.task' && e.ph === 'X'), 'macrotask slices');
    // The heap counter is read off the main thread's GCs, before and after each.
    const gcs = traced.traceEvents.filter((e) => e.tid === meta.mainTid && /^(Minor|Major)GC$/.test(e.name) && (e.ph === 'B' || e.ph === 'E'));
    const heap = traced.traceEvents.filter((e) => e.ph === 'C' && e.name === 'heap');
    assert.equal(heap.length, gcs.length);
    assert.ok(heap.every((e) => e.args!.used > 0));
    const delay = traced.traceEvents.filter((e) => e.ph === 'C' && e.name === 'event loop delay');
    assert.ok(delay.length > 100, `${delay.length} event-loop delay readings in 1.5 s`);
  });

  it('has a lane with its phases for each server request and each http and fetch client request', () => {
    const byId = [...lanes(traced, 'fluoro.http').values()];
    const server = byId.filter((l) => l[0].args?.side === 'server' && l[0].args?.url === '/work');
    assert.equal(server.length, 2, 'two /work requests');
    for (const lane of server) {
      assert.equal(lane[0].name, 'GET /work');
      assert.deepEqual(phasesOf(lane), ['handler', 'body']);
      assert.equal(lane.at(-1)!.args?.status, 200);
    }
    for (const client of ['fetch', 'http']) {
      const mine = byId.filter((l) => l[0].args?.client === client);
      assert.equal(mine.length, 2, `two ${client} requests`);
      for (const lane of mine) {
        assert.match(lane[0].name, /^GET 127\.0\.0\.1:\d+\/upstream$/);
        assert.ok(lane[0].args!.task > 0, 'made in a user task');
        assert.equal(lane.at(-1)!.args?.status, 200);
        const phases = phasesOf(lane);
        assert.deepEqual(phases.slice(-2), ['first byte', 'body'], `${client}: ${phases}`);
        // The upstream answers after 20 ms: the wait for the first byte holds it.
        const fb = lane.filter((e) => e.name === 'first byte');
        assert.ok(fb[1].ts - fb[0].ts >= 15_000, `${client} first byte ${fb[1].ts - fb[0].ts} us`);
      }
      // http.get with agent: false opens a connection per request; fetch at least for its first.
      assert.ok(mine.some((l) => phasesOf(l).includes('connect')), `${client}: a connect phase`);
    }
    const net = traced.metadata.fluoro.waits.filter((w: { type: string }) => w.type === 'net');
    assert.equal(net.length, 4);
    assert.ok(net.some((w: { stack: string[] }) => w.stack.some((f) => f.startsWith('upstreamByHttp '))), 'the http request names its caller');
  });

  it('records user tasks, regions and logs in their task', () => {
    const user = [...lanes(traced, 'fluoro.user').values()];
    assert.equal(user.length, 2, 'a task per /work');
    for (const lane of user) {
      const shape = lane.map((e) => `${e.ph} ${e.name}`);
      assert.deepEqual(shape, [
        'b checkout',
        'n order',
        'b fetch upstream',
        'e fetch upstream',
        'b http upstream',
        'e http upstream',
        'e checkout',
      ]);
      assert.deepEqual(lane[1].args, { task: lane[0].args!.task, type: 'log', category: 'order', message: 'id=42' });
      assert.equal(lane[2].args!.type, 'region');
    }
  });

  it('adds the expensive detail only when asked: detail=async', async () => {
    assert.ok(!traced.metadata.fluoro.categories.includes('node.async_hooks'), 'not by default');
    assert.equal(traced.metadata.fluoro.waits.filter((w: { type: string }) => w.type === 'sync').length, 0);
    const pending = get(`${listen}trace?seconds=1&detail=async`);
    await sleep(300);
    for (let i = 0; i < 3; i++) await get(`${site}work`);
    const file = readTrace((await pending).body);
    assert.equal(file.metadata.fluoro.detail, 'async');
    assert.ok(file.traceEvents.some((e) => e.cat === 'node,node.async_hooks' && e.name === 'PROMISE_CALLBACK'), 'callbacks from async_hooks');
    const sync = file.metadata.fluoro.waits.filter((w: { type: string }) => w.type === 'sync');
    assert.ok(sync.length > 0, 'sampled await times');
    for (const w of sync) assert.ok(w.weight === 16 && w.dur >= 0 && w.stack.length > 0, JSON.stringify(w));
    assert.ok(sync.some((w: { stack: string[] }) => w.stack.some((f) => / .*trace-app\.mjs:\d+$/.test(f))), 'an await in the app');
  });

  it('lists trace on the index page as Go does', async () => {
    const body = (await get(listen)).body.toString();
    assert.ok(body.includes("<tr><td>0</td><td><a href='trace?debug=1'>trace</a></td></tr>\n"), body);
  });

  it("answers a second trace with Go's 500", () => secondTraceIsBusy(listen));

  it('comes back on time while the main thread spins, with the stuck task open and named', async () => {
    const spin = get(`${site}spin?ms=4000`);
    await sleep(300);
    const res = await timed(`${listen}trace?seconds=1`);
    assert.equal(res.status, 200, res.body.toString());
    assert.ok(res.ms < 3000, `answered after ${res.ms} ms while the loop was stuck`);
    const file = readTrace(res.body);
    const stuck = file.traceEvents.filter((e) => e.cat === 'fluoro.task' && e.args?.frames[0].frame.startsWith('spinInLoop '));
    assert.equal(stuck.length, 1, JSON.stringify(file.traceEvents.filter((e) => e.cat === 'fluoro.task').map((e) => [e.dur, e.args!.frames[0]])));
    assert.ok(stuck[0].dur! >= 800_000, `slice of ${stuck[0].dur} us`);
    assert.equal(stuck[0].args!.open, true);
    assert.match(stuck[0].args!.stack[0], /^spinInLoop .*trace-app\.mjs:\d+$/);
    const sched = file.metadata.fluoro.waits.filter((w: { type: string; stack: string[] }) => w.type === 'sched' && w.stack[0].startsWith('spinInLoop '));
    assert.ok(sched.length > 0, 'the late probe is charged to spinInLoop');
    assert.equal((await spin).status, 200);
  });

  it('gives up with a 503 when the main thread is stuck in native code, then traces again', async () => {
    const trace = timed(`${listen}trace?seconds=1`);
    await sleep(300);
    const native = get(`${site}native?s=4`);
    const res = await trace;
    assert.equal(res.status, 503);
    assert.equal(res.headers['x-go-pprof'], '1');
    assert.match(res.body.toString(), /^fluoro: the trace failed: the main thread did not answer .* within 2 s: it is blocked outside JavaScript/);
    assert.ok(res.ms < 4000, `answered after ${res.ms} ms`);
    assert.equal((await native).status, 200);
    const again = await get(`${listen}trace?seconds=0.5`);
    assert.equal(again.status, 200, again.body.toString());
    readTrace(again.body);
  });

  it("fails with a 500 on malformed data from Node's tracing agent and keeps serving", async () => {
    await get(`${site}console?ms=1500`);
    const res = await get(`${listen}trace?seconds=1&categories=node.console`);
    assert.equal(res.status, 500);
    assert.match(res.body.toString(), /^fluoro: the trace failed: Node's tracing agent sent malformed data \(.*JSON.*\); the trace is lost\n$/);
    assert.equal((await get(listen)).status, 200);
    assert.equal((await get(`${listen}heap?debug=1`)).status, 200);
    const again = await get(`${listen}trace?seconds=0.5`);
    assert.equal(again.status, 200, again.body.toString());
    readTrace(again.body);
  });

  it('stops a trace whose client disconnects; the next one starts', async () => {
    const req = request(`${listen}trace?seconds=60`, { agent: false });
    req.on('error', () => {});
    req.end();
    await sleep(300);
    req.destroy();
    let res: Response | undefined;
    for (let i = 0; i < 50 && res?.status !== 200; i++) {
      if (res !== undefined) await sleep(100);
      res = await get(`${listen}trace?seconds=0.2`);
    }
    assert.equal(res!.status, 200, res!.body.toString());
    readTrace(res!.body);
  });
});

describe('trace from handler() in this process', () => {
  let server: Server;
  let base: string;
  let slowServer: Server;
  let slowBase: string;
  const serve = (timeoutMs: number) =>
    new Promise<{ server: Server; base: string }>((resolve) => {
      const s = createServer(handler());
      s.timeout = timeoutMs;
      s.listen(0, '127.0.0.1', () => resolve({ server: s, base: `http://127.0.0.1:${(s.address() as AddressInfo).port}/debug/pprof/` }));
    });
  before(async () => {
    ({ server, base } = await serve(0));
    ({ server: slowServer, base: slowBase } = await serve(5000));
  });
  after(() => {
    server.close();
    slowServer.close();
  });

  it("refuses a duration over the server's write timeout with Go's 400", async () => {
    await sameAsGo(await get(`${slowBase}trace?seconds=5`), 'trace-seconds-5');
    await sameAsGo(await get(`${slowBase}trace?seconds=7.5`), 'trace-seconds-5');
  });

  it('traces for 1 s when seconds is bad or not positive, as Go does, with this thread as the main thread', async () => {
    const pending = timed(`${base}trace?seconds=abc`);
    await sleep(400);
    assert.equal((await get(`${base}cmdline`)).status, 200);
    const res = await pending;
    await sameAsGo(res, 'trace-seconds-2');
    const file = readTrace(res.body);
    const window = file.metadata.fluoro.endTs - file.metadata.fluoro.startTs;
    assert.ok(window >= 0.95e6 && window < 2e6, `window ${window} us`);
    // A request this thread served during the trace is on it; its response went out whole, so it has no phases.
    const served = [...lanes(file, 'fluoro.http').values()].filter((l) => l[0].name === 'GET /debug/pprof/cmdline');
    assert.equal(served.length, 1);
    assert.deepEqual(phasesOf(served[0]), []);
    assert.equal(served[0].at(-1)!.args?.status, 200);
    assert.equal((await get(`${base}trace?seconds=-2`)).status, 200);
  });

  it("answers a second trace with Go's 500 while one runs", () => secondTraceIsBusy(base));

  it('runs alongside a CPU profile, as Go allows', async () => {
    const [profile, trace] = await Promise.all([get(`${base}profile?seconds=1`), get(`${base}trace?seconds=1`)]);
    assert.equal(profile.status, 200, profile.body.toString());
    assert.ok(decodeProfile(profile.body).durationNanos >= 0.9e9);
    assert.equal(trace.status, 200, trace.body.toString());
    assert.ok(readTrace(trace.body).traceEvents.some((e) => e.name === 'ProfileChunk'));
  });

  it('rejects an unknown detail or a malformed category with a 400', async () => {
    const res = await get(`${base}trace?detail=everything`);
    assert.equal(res.status, 400);
    assert.match(res.body.toString(), /unknown detail "everything"/);
    assert.equal((await get(`${base}trace?categories=v8,a%20b`)).status, 400);
  });
});
