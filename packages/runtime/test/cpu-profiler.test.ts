// CpuProfiler's bridge: V8's profiler kept running for a while after a
// profile, so that the next profile (a scraper's, every 15 s) skips the
// recompilation of all code. Checked against a recording channel for what is
// posted to V8, and against a real app for what the profile then shows.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeProfile, type Profile } from '@fluoro/profile';
import type { InspectorChannel } from '../src/channel.js';
import { CpuProfiler } from '../src/cpu-profiler.js';
import { get, nextLine, startApp } from './helpers.js';

// recordingChannel answers every command as V8 would for a profile with no samples, and keeps the methods posted.
function recordingChannel(): InspectorChannel & { posted: string[] } {
  const posted: string[] = [];
  return {
    posted,
    async post<T>(method: string): Promise<T> {
      posted.push(method);
      if (method !== 'Profiler.stop') return {} as T;
      return { profile: { nodes: [{ id: 1, callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, hitCount: 0 }], startTime: 0, endTime: 1, samples: [], timeDeltas: [] } } as T;
    },
    close() {},
  };
}

const RECOMPILE = ['Profiler.startPreciseCoverage', 'Profiler.stopPreciseCoverage'];

describe('CpuProfiler bridge', () => {
  it('recompiles for the first profile only while profiles follow each other within bridgeMs', async () => {
    const channel = recordingChannel();
    const cpu = new CpuProfiler(channel, undefined, undefined, undefined, { bridgeMs: 60_000 });
    await cpu.start();
    assert.deepEqual(channel.posted.slice(-2), RECOMPILE);
    await cpu.stop();
    assert.ok(cpu.isBridging());
    // The bridge starts right behind the stop, sampling rarely.
    assert.deepEqual(channel.posted.slice(-3), ['Profiler.stop', 'Profiler.setSamplingInterval', 'Profiler.start']);
    channel.posted.length = 0;
    await cpu.start();
    // The new profile stops the bridge and starts, with no recompilation.
    assert.deepEqual(channel.posted, ['Profiler.stop', 'Profiler.enable', 'Profiler.setSamplingInterval', 'Profiler.start']);
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
    assert.deepEqual(channel.posted, ['Profiler.stop']);
    channel.posted.length = 0;
    await cpu.start();
    assert.deepEqual(channel.posted.slice(-2), RECOMPILE);
    assert.ok(!channel.posted.includes('Profiler.stop'), channel.posted.join(', '));
    await cpu.stop();
  });

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
        tops.push(topFunction(decodeProfile(res.body)));
      }
      assert.deepEqual(tops, ['hotLoop', 'hotLoop', 'hotLoop']);
    } finally {
      await app.stop();
    }
  });
});

// topFunction is the function with the most samples as the leaf (the innermost line of the leaf location).
function topFunction(p: Profile): string {
  const flat = new Map<string, number>();
  for (const s of p.sample) {
    const name = s.location[0]?.line[0]?.function.name ?? '';
    flat.set(name, (flat.get(name) ?? 0) + s.value[0]);
  }
  return [...flat].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}
