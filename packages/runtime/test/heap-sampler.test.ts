// The heap sampler's accounting over a scripted inspector channel: the
// sequences of V8 replies that real runs produce rarely, replayed exactly.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InspectorChannel } from '../src/channel.js';
import { HeapSampler, type HeapRecord } from '../src/heap-sampler.js';
import type { CallFrame, HeapNode, SamplingHeapProfile } from '../src/v8-types.js';

const frame = (functionName: string): CallFrame => ({ functionName, scriptId: '1', url: 'file:///app.js', lineNumber: 1, columnNumber: 1 });
const node = (id: number, name: string, children: HeapNode[] = []): HeapNode => ({ id, callFrame: frame(name), selfSize: 0, children });

// scripted answers getSamplingProfile with the given profiles in turn.
function scripted(reads: SamplingHeapProfile[]): InspectorChannel {
  return {
    async post<T>(method: string): Promise<T> {
      if (method !== 'HeapProfiler.getSamplingProfile') return {} as T;
      const profile = reads.shift();
      assert.ok(profile, 'more reads than scripted');
      return { profile } as T;
    },
    close() {},
  };
}

const byName = (records: HeapRecord[]) =>
  Object.fromEntries(records.map((r) => [r.frames[0].functionName, [r.allocObjects, r.allocBytes, r.inuseObjects, r.inuseBytes]]));

describe('HeapSampler', () => {
  it('leaves a sample whose node the tree lacks for the next read, counted once', async () => {
    // V8 allocates while it builds the tree, so a sample taken then names a node built after.
    const tree = node(1, '(root)', [node(2, 'kept')]);
    const first = { head: tree, samples: [{ nodeId: 2, size: 100, ordinal: 1 }, { nodeId: 9, size: 50, ordinal: 2 }] };
    const second = {
      head: node(1, '(root)', [node(2, 'kept'), node(9, 'lateNode')]),
      samples: [{ nodeId: 2, size: 100, ordinal: 1 }, { nodeId: 9, size: 50, ordinal: 2 }],
    };
    const sampler = new HeapSampler(scripted([first, second]), { maxAgeMs: 0 });
    assert.deepEqual(byName(await sampler.records()), { kept: [1, 100, 1, 100] });
    assert.equal(sampler.recordCount(), 1);
    assert.deepEqual(byName(await sampler.records()), { kept: [1, 100, 1, 100], lateNode: [1, 50, 1, 50] });
  });

  it('counts a left-over sample once whatever its ordinal, and as unobserved if it dies first', async () => {
    const early = node(1, '(root)', [node(2, 'kept')]);
    const later = node(1, '(root)', [node(2, 'kept'), node(9, 'lateNode')]);
    const sampler = new HeapSampler(
      scripted([
        // Ordinal 1's node is missing, ordinal 2's is there: 1 is no gap.
        { head: early, samples: [{ nodeId: 9, size: 50, ordinal: 1 }, { nodeId: 2, size: 100, ordinal: 2 }] },
        { head: later, samples: [{ nodeId: 9, size: 50, ordinal: 1 }, { nodeId: 2, size: 100, ordinal: 2 }, { nodeId: 9, size: 70, ordinal: 3 }] },
      ]),
      { intervalBytes: 1000, maxAgeMs: 0 },
    );
    assert.deepEqual(byName(await sampler.records()), { kept: [1, 100, 1, 100] });
    assert.deepEqual(byName(await sampler.records()), { kept: [1, 100, 1, 100], lateNode: [2, 120, 2, 120] });

    const dying = new HeapSampler(
      scripted([
        { head: early, samples: [{ nodeId: 9, size: 50, ordinal: 1 }, { nodeId: 2, size: 100, ordinal: 2 }] },
        { head: early, samples: [{ nodeId: 2, size: 100, ordinal: 2 }] },
      ]),
      { intervalBytes: 1000, maxAgeMs: 0 },
    );
    await dying.records();
    assert.deepEqual(byName(await dying.records()), { kept: [1, 100, 1, 100], '(collected before observed)': [1, 1000, 0, 0] });
  });

  it('counts samples that died between reads under the unobserved frame', async () => {
    const head = node(1, '(root)', [node(2, 'kept')]);
    const sampler = new HeapSampler(
      scripted([
        { head, samples: [{ nodeId: 2, size: 100, ordinal: 1 }] },
        { head, samples: [{ nodeId: 2, size: 100, ordinal: 1 }, { nodeId: 2, size: 10, ordinal: 4 }] },
      ]),
      { intervalBytes: 1000, maxAgeMs: 0 },
    );
    await sampler.records();
    assert.deepEqual(byName(await sampler.records()), {
      kept: [2, 110, 2, 110],
      '(collected before observed)': [2, 2000, 0, 0],
    });
  });

  it('answers from one read for maxAgeMs, and reads again when expired', async () => {
    const head = node(1, '(root)', [node(2, 'kept')]);
    const reads = [1, 2, 3].map((n) => ({ head, samples: [{ nodeId: 2, size: 100, ordinal: n }] }));
    let clock = 5_000;
    const sampler = new HeapSampler(scripted(reads), { maxAgeMs: 60_000, now: () => clock });
    assert.equal(sampler.readTime, 0);
    assert.deepEqual(byName(await sampler.records()), { kept: [1, 100, 1, 100] });
    const firstRead = sampler.readTime;
    assert.ok(firstRead > 0);
    clock += 59_999;
    assert.deepEqual(byName(await sampler.records()), { kept: [1, 100, 1, 100] }, 'a read 59.999 s old still answers');
    assert.equal(sampler.readTime, firstRead);
    clock += 1;
    assert.deepEqual(byName(await sampler.records()), { kept: [2, 200, 1, 100] }, 'a read 60 s old does not');
    sampler.expire();
    assert.deepEqual(byName(await sampler.records()), { kept: [3, 300, 1, 100] }, 'expire forces the third read');
    assert.equal(reads.length, 0);
  });

  it('passes a failed read to every request waiting on it, and reads again on the next', async () => {
    const head = node(1, '(root)', [node(2, 'kept')]);
    let posts = 0;
    const channel: InspectorChannel = {
      async post<T>(method: string): Promise<T> {
        if (method !== 'HeapProfiler.getSamplingProfile') return {} as T;
        if (++posts === 1) throw new Error('session closed');
        return { profile: { head, samples: [{ nodeId: 2, size: 100, ordinal: 1 }] } } as T;
      },
      close() {},
    };
    const sampler = new HeapSampler(channel, { maxAgeMs: 60_000 });
    const results = await Promise.allSettled([sampler.records(), sampler.records()]);
    assert.deepEqual(
      results.map((r) => r.status === 'rejected' && (r.reason as Error).message),
      ['session closed', 'session closed'],
    );
    assert.deepEqual(byName(await sampler.records()), { kept: [1, 100, 1, 100] });
    assert.equal(posts, 2);
  });

  it('shares one read among requests that arrive while it runs', async () => {
    const head = node(1, '(root)', [node(2, 'kept')]);
    let posts = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const channel: InspectorChannel = {
      async post<T>(method: string): Promise<T> {
        if (method !== 'HeapProfiler.getSamplingProfile') return {} as T;
        posts++;
        await gate;
        return { profile: { head, samples: [{ nodeId: 2, size: 100, ordinal: posts }] } } as T;
      },
      close() {},
    };
    const sampler = new HeapSampler(channel, { maxAgeMs: 0 });
    const both = Promise.all([sampler.records(), sampler.records()]);
    await new Promise((r) => setImmediate(r));
    release();
    await both;
    assert.equal(posts, 1);
  });

  it('does not answer an expired request from a read begun before it', async () => {
    const head = node(1, '(root)', [node(2, 'kept')]);
    let posts = 0;
    const gates: (() => void)[] = [];
    const channel: InspectorChannel = {
      async post<T>(method: string): Promise<T> {
        if (method !== 'HeapProfiler.getSamplingProfile') return {} as T;
        const n = ++posts;
        await new Promise<void>((r) => gates.push(r));
        return { profile: { head, samples: [{ nodeId: 2, size: 100 * n, ordinal: n }] } } as T;
      },
      close() {},
    };
    const sampler = new HeapSampler(channel, { maxAgeMs: 60_000 });
    const first = sampler.records();
    await new Promise((r) => setImmediate(r));
    sampler.expire();
    const second = sampler.records();
    gates.shift()!();
    await first;
    await new Promise((r) => setImmediate(r));
    assert.equal(posts, 2, 'the expired request reads again');
    gates.shift()!();
    assert.deepEqual(byName(await second), { kept: [2, 300, 1, 200] });
  });

  it('refuses a negative maxAgeMs', () => {
    assert.throws(() => new HeapSampler(scripted([]), { maxAgeMs: -1 }), /maxAgeMs must be a non-negative number, got -1/);
  });
});
