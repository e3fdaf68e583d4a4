// Graphs and tags built over recorded stacks (graph/stacks.ts) must be the
// graphs and tags built by walking the profile: same nodes, values, edges
// with their weights and inline and residual flags, in the same order. The
// dot report and -top build their last graphs this way on a subset of the
// recorded nodes, so subsets are checked too, as is a recording that spans
// many chunks and one that gives up.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { aggregate, copyProfile, loadProfile, merge, type Granularity, type WProfile } from '@fluoro/profile';
import { frameIndex, type FrameIndex } from '../src/graph/frameindex.js';
import { graphOf, nodeValues, type Graph } from '../src/graph/graph.js';
import { StackRecorder, type KeptStacks } from '../src/graph/stacks.js';
import type { NodeTags, TagOptions } from '../src/graph/tags.js';
import { tagsOf } from '../src/graph/tagwalk.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const files = ['testdata/go/cpu.pb.gz', 'testdata/go/allocs.pb.gz', 'testdata/golden/node-inputs/node-cpu.pb.gz'];
const granularities: [Granularity, boolean][] = [['functions', false], ['lines', false], ['functions', true]];
const tagOptions: TagOptions = { bytesUnit: 'bytes', format: (v, unit) => `${v}${unit}` };

/** describe lists a graph's nodes and edges, in the graph's order, as text. */
function describe(g: Graph): string[] {
  const out: string[] = [];
  for (const n of g.nodes) {
    out.push(`node ${n.id} ${n.flat} ${n.flatDiv} ${n.cum} ${n.cumDiv}`);
    for (const e of n.in.values()) out.push(`  from ${e.src.id} ${e.weight} ${e.weightDiv} inline=${e.inline} residual=${e.residual}`);
    for (const e of n.out.values()) out.push(`  to ${e.dest.id} ${e.weight}`);
  }
  return out;
}

function describeTags(tags: Map<number, NodeTags>): string[] {
  const out: string[] = [];
  for (const [n, t] of [...tags].sort((a, b) => a[0] - b[0])) {
    for (const x of t.label.values()) out.push(`${n} label ${x.name} ${x.flat} ${x.cum}`);
    for (const [k, m] of t.numeric) for (const x of m.values()) out.push(`${n} num ${k} ${x.name} ${x.flat} ${x.cum}`);
  }
  return out;
}

// everyOther marks every other node of a set, a subset that leaves gaps inside stacks.
function everyOther(set: Uint8Array, phase: number): Uint8Array {
  const sub = new Uint8Array(set.length);
  let i = 0;
  for (let n = 0; n < set.length; n++) if (set[n] === 1 && i++ % 2 === phase) sub[n] = 1;
  return sub;
}

// record walks the profile over the nodes of over, building the graph of kept on the way, and returns both.
function record(p: WProfile, fi: FrameIndex, o: { sampleIndex: number; meanIndex: number }, over: Uint8Array, kept: Uint8Array | undefined, chunkBits?: number): { g: Graph; stacks: KeptStacks | undefined } {
  const recorder = new StackRecorder(p.samples, over, { ...o, limit: Infinity, chunkBits });
  const g = graphOf(p, fi, { ...o, kept, record: recorder });
  return { g, stacks: recorder.finish() };
}

for (const file of files) {
  test(`graphs and tags over recorded stacks are the profile's on ${file}`, () => {
    const loaded = merge([loadProfile(readFileSync(join(root, file)))]);
    let compared = 0;
    for (const [granularity, noInlines] of granularities) {
      const p = copyProfile(loaded);
      aggregate(p, granularity, noInlines);
      const fi = frameIndex(p, { objNames: false });
      for (let sampleIndex = 0; sampleIndex < p.sampleType.length; sampleIndex++) {
        for (const meanIndex of [-1, 0]) {
          const o = { sampleIndex, meanIndex };
          // The recorded nodes: the heavier half, as the nodes above -nodefraction are.
          const v = nodeValues(p, fi, o);
          const cums = [...v.cum].filter((c) => c !== 0).sort((a, b) => a - b);
          const cutoff = cums[cums.length >> 1] ?? 0;
          const over = Uint8Array.from(v.cum, (c) => (c !== 0 && c >= cutoff ? 1 : 0));
          const subsets = [over, everyOther(over, 0), everyOther(over, 1)];
          const { g: whole, stacks } = record(p, fi, o, over, undefined);
          assert.ok(stacks, 'the recording did not give up');
          assert.deepEqual(describe(whole), describe(graphOf(p, fi, { ...o, kept: over })));
          for (const kept of subsets) {
            const want = describe(graphOf(p, fi, { ...o, kept }));
            const what = `${granularity} noinlines=${noInlines} value ${sampleIndex} mean ${meanIndex}`;
            assert.deepEqual(describe(graphOf(p, fi, { ...o, kept, stacks })), want, `over stacks: ${what}`);
            // Narrowed while recording, as -top does in a web session.
            assert.deepEqual(describe(record(p, fi, o, over, kept).g), want, `while recording: ${what}`);
            const nodes = [...kept.keys()].filter((n) => kept[n] === 1);
            const tags = { ...o, nodes, tags: tagOptions, min: 0 };
            assert.deepEqual(describeTags(tagsOf(p, fi, { ...tags, stacks })), describeTags(tagsOf(p, fi, tags)), `tags: ${what}`);
            compared++;
          }
        }
      }
    }
    assert.ok(compared > 0);
  });
}

test('a recording spread over many small chunks reads back the same, and one over its limit gives up', () => {
  const p = merge([loadProfile(readFileSync(join(root, 'testdata/go/cpu.pb.gz')))]);
  const fi = frameIndex(p, { objNames: false });
  const o = { sampleIndex: 1, meanIndex: -1 };
  const all = new Uint8Array(fi.infos.length).fill(1);
  const want = describe(graphOf(p, fi, o));
  // Chunks of 64 codes: stacks end exactly at a chunk's end and skip to the next one.
  const { stacks } = record(p, fi, o, all, undefined, 6);
  assert.ok(stacks && stacks.chunks.length > 10, 'many chunks');
  assert.ok(stacks.end.some((e) => e % 64 === 0), 'some stack fills its chunk to the end');
  assert.deepEqual(describe(graphOf(p, fi, { ...o, stacks })), want);

  const recorder = new StackRecorder(p.samples, all, { ...o, limit: 10 });
  assert.deepEqual(describe(graphOf(p, fi, { ...o, record: recorder })), want, 'the walk goes on when the recording gives up');
  assert.equal(recorder.finish(), undefined);
  assert.throws(() => graphOf(p, fi, { ...o, sampleIndex: 0, stacks }), /other samples or for another value/);
});
