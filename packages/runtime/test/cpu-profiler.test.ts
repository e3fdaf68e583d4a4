// CpuProfiler's bridge: V8's profiler kept running for a while after a
// profile, so that the next profile (a scraper's, every 15 s) skips the
// recompilation of all code. Checked against a recording channel for what is
// posted to V8, and against a real app for what the profile then shows.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeProfile, type Profile } from '@fluoro/profile';
import { sameThreadChannel, type InspectorChannel } from '../src/channel.js';
import { CpuProfiler } from '../src/cpu-profiler.js';
import type { CpuProfile } from '../src/v8-types.js';
import { get, nextLine, startApp } from './helpers.js';

// recordingChannel answers every command as V8 would for a profile with no
// samples, and keeps the methods posted (with the expression evaluated);
// `evaluate` says how Runtime.evaluate goes.
function recordingChannel(evaluate: 'ok' | 'throws' | 'rejects' = 'ok'): InspectorChannel & { posted: string[] } {
  const posted: string[] = [];
  return {
    posted,
    async post<T>(method: string, params?: object): Promise<T> {
      const expression = (params as { expression?: string } | undefined)?.expression;
      posted.push(expression === undefined ? method : `${method} ${expression}`);
      if (method === 'Runtime.evaluate') {
        if (evaluate === 'rejects') throw new Error('inspector Runtime.evaluate: session closed');
        return (evaluate === 'throws' ? { exceptionDetails: { text: 'ReferenceError' } } : { result: { type: 'undefined' } }) as T;
      }
      if (method !== 'Profiler.stop') return {} as T;
      return { profile: { nodes: [{ id: 1, callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, hitCount: 0 }], startTime: 0, endTime: 1, samples: [], timeDeltas: [] } } as T;
    },
    close() {},
  };
}

const RECOMPILE = ['Profiler.startPreciseCoverage', 'Profiler.stopPreciseCoverage'];
const OPEN_BRIDGE = 'Runtime.evaluate profile("fluoro-bridge")';
const END_BRIDGE = 'Runtime.evaluate profileEnd("fluoro-bridge")';

describe('CpuProfiler bridge', () => {
  it('recompiles for the first profile only while profiles follow each other within bridgeMs', async () => {
    const channel = recordingChannel();
    const cpu = new CpuProfiler(channel, undefined, undefined, undefined, { bridgeMs: 60_000 });
    await cpu.start();
    assert.deepEqual(channel.posted.slice(-2), RECOMPILE);
    await cpu.stop();
    assert.ok(cpu.isBridging());
    // The bridge (a console profile) starts right before the stop, so V8's profiler never stops.
    assert.deepEqual(channel.posted.slice(-2), [OPEN_BRIDGE, 'Profiler.stop']);
    channel.posted.length = 0;
    await cpu.start();
    // The new profile starts, then ends the bridge, with no recompilation and
    // at the interval V8 keeps (it refuses to change it while profiling).
    assert.deepEqual(channel.posted, ['Profiler.enable', 'Profiler.start', END_BRIDGE]);
    assert.ok(!cpu.isBridging());
    await cpu.stop();
    channel.posted.length = 0;
    await cpu.start();
    assert.ok(!channel.posted.some((m) => RECOMPILE.includes(m)), channel.posted.join(', '));
    await cpu.stop();
  });

  it('stops the bridge after bridgeMs, and the next profile recompiles', async () => {
    const channel = recordingChannel();
    const cpu = new CpuProfiler(channel, undefined, undefined, undefined, { bridgeMs: 20 });
    await cpu.start();
    await cpu.stop();
    channel.posted.length = 0;
    await sleep(100);
    assert.ok(!cpu.isBridging());
    assert.deepEqual(channel.posted, [END_BRIDGE]);
    channel.posted.length = 0;
    await cpu.start();
    assert.deepEqual(channel.posted.slice(-2), RECOMPILE);
    assert.ok(!channel.posted.includes(END_BRIDGE), channel.posted.join(', '));
    await cpu.stop();
  });

  it('ends the bridge before a profile at another interval, which sets its own and still skips the recompilation', async () => {
    const channel = recordingChannel();
    const cpu = new CpuProfiler(channel, undefined, undefined, undefined, { bridgeMs: 60_000 });
    await cpu.start({ intervalMicros: 10_000 });
    await cpu.stop();
    channel.posted.length = 0;
    await cpu.start({ intervalMicros: 2_000 });
    assert.deepEqual(channel.posted, [END_BRIDGE, 'Profiler.enable', 'Profiler.setSamplingInterval', 'Profiler.start']);
    await cpu.stop();
    assert.ok(cpu.isBridging());
    channel.posted.length = 0;
    // The bridge now runs at 2 ms: a profile at 2 ms takes it over.
    await cpu.start({ intervalMicros: 2_000 });
    assert.deepEqual(channel.posted, ['Profiler.enable', 'Profiler.start', END_BRIDGE]);
    await cpu.stop();
  });

  for (const evaluate of ['throws', 'rejects'] as const) {
    it(`recompiles after a bridge that did not start (Runtime.evaluate ${evaluate}), and nothing goes unhandled`, async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (err: unknown) => unhandled.push(err);
      process.on('unhandledRejection', onUnhandled);
      try {
        const channel = recordingChannel(evaluate);
        const cpu = new CpuProfiler(channel, undefined, undefined, undefined, { bridgeMs: 20 });
        await cpu.start();
        await cpu.stop();
        channel.posted.length = 0;
        await cpu.start();
        assert.deepEqual(channel.posted.slice(-2), RECOMPILE);
        assert.ok(!channel.posted.includes(END_BRIDGE), channel.posted.join(', '));
        await cpu.stop();
        // This bridge is left to its timer, whose profileEnd fails the same way.
        await sleep(100);
        assert.ok(!cpu.isBridging());
        assert.equal(channel.posted.at(-1), END_BRIDGE);
        await sleep(10);
        assert.deepEqual(unhandled, []);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    });
  }

  it('recompiles for every profile with bridgeMs 0', async () => {
    const channel = recordingChannel();
    const cpu = new CpuProfiler(channel, undefined, undefined, undefined, { bridgeMs: 0 });
    for (let i = 0; i < 2; i++) {
      channel.posted.length = 0;
      await cpu.start();
      assert.deepEqual(channel.posted.slice(-2), RECOMPILE);
      await cpu.stop();
      assert.ok(!cpu.isBridging());
    }
    assert.throws(() => new CpuProfiler(channel, undefined, undefined, undefined, { bridgeMs: -1 }), /bridgeMs must be a non-negative number/);
  });

  it("keeps V8's profiler running across the handover, at each profile's own interval, and lets it go after bridgeMs", async () => {
    const session = sameThreadChannel();
    // Each profile's span on V8's clock, and the bridges' (sent as console profiles).
    const spans: { start: number; end: number }[] = [];
    const bridges: { start: number; end: number }[] = [];
    const channel: InspectorChannel = {
      async post<T>(method: string, params?: object): Promise<T> {
        const res = await session.post<T>(method, params);
        const profile = (res as { profile?: CpuProfile }).profile;
        if (method === 'Profiler.stop' && profile) spans.push({ start: profile.startTime, end: profile.endTime });
        return res;
      },
      close: () => session.close(),
    };
    session.on('Profiler.consoleProfileFinished', ({ params }) => {
      const { title, profile } = params as { title: string; profile: CpuProfile };
      if (title === 'fluoro-bridge') bridges.push({ start: profile.startTime, end: profile.endTime });
    });
    const idle = () => channel.post('Profiler.setSamplingInterval', { interval: 10_000 });
    try {
      const cpu = new CpuProfiler(channel, undefined, undefined, undefined, { bridgeMs: 300 });
      await cpu.start();
      spin(100);
      await cpu.stop();
      // V8 refuses a new interval only while its profiler runs: the bridge keeps it running.
      await assert.rejects(idle(), /Cannot change sampling interval when profiling/);
      await cpu.start();
      // The bridge started before the first profile ended and ended after the second started.
      assert.equal(bridges.length, 1);
      assert.ok(bridges[0]!.start <= spans[0]!.end, JSON.stringify({ bridges, spans }));
      spin(500);
      const same = await cpu.stop();
      assert.ok(bridges[0]!.end >= spans[1]!.start, JSON.stringify({ bridges, spans }));
      assert.equal(same.period, 10_000_000);
      // 50 at 10 ms; a bridge's interval left in place (or 1 s) would give far fewer, a finer one far more.
      assert.ok(sampleCount(same) >= 15 && sampleCount(same) <= 60, `${sampleCount(same)} samples in 500 ms at 10 ms`);
      await cpu.start({ intervalMicros: 2_000 });
      spin(500);
      const finer = await cpu.stop();
      assert.equal(finer.period, 2_000_000);
      assert.ok(sampleCount(finer) > 75, `${sampleCount(finer)} samples in 500 ms at 2 ms`);
      await sleep(600);
      assert.ok(!cpu.isBridging());
      await idle();
    } finally {
      channel.close();
    }
  });

  it('names an inlined hot function in back-to-back profiles that skip the recompilation', async () => {
    // hot-app's tick inlines hotLoop; code optimized while no profile ran would charge hotLoop's samples to tick.
    const app = startApp('hot-app.mjs');
    try {
      const url = JSON.parse(await nextLine(app)).url;
      await sleep(1000);
      const tops: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await get(`${url}profile?seconds=1`);
        assert.equal(res.status, 200, res.body.toString());
        const p = decodeProfile(res.body);
        tops.push(topFunction(p));
        // The handover keeps V8's interval at the profile's: about 100 samples in the busy second.
        assert.equal(p.period, 10_000_000);
        assert.ok(sampleCount(p) >= 30 && sampleCount(p) <= 130, `${sampleCount(p)} samples in 1 s at 10 ms`);
      }
      assert.deepEqual(tops, ['hotLoop', 'hotLoop', 'hotLoop']);
    } finally {
      await app.stop();
    }
  });
});

// spin keeps the thread busy for ms milliseconds, so that V8 takes samples.
function spin(ms: number): number {
  const end = Date.now() + ms;
  let x = 0;
  while (Date.now() < end) x += Math.sqrt(x + 1);
  return x;
}

// sampleCount is how many samples V8 took (the first value of each sample is its count).
function sampleCount(p: Profile): number {
  return p.sample.reduce((n, s) => n + Number(s.value[0]), 0);
}

// topFunction is the function with the most samples as the leaf (the innermost line of the leaf location).
function topFunction(p: Profile): string {
  const flat = new Map<string, number>();
  for (const s of p.sample) {
    const name = s.location[0]?.line[0]?.function.name ?? '';
    flat.set(name, (flat.get(name) ?? 0) + s.value[0]);
  }
  return [...flat].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}
