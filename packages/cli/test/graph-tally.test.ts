// The dot report orders the nodes of its first graph from the walk's tally
// (entropyOrder) without making the graph's edges, and graph walks of -top
// and -dot take node values computed before instead of adding them up
// again. Both must give what graphOf and sortNodesByEntropy give: the same
// nodes with the same values, edges and order, for kept subsets, every
// sample value, -mean and -drop_negative.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { aggregate, copyProfile, loadProfile, merge, type Granularity } from '@fluoro/profile';
import { entropyOrder, sortNodesByEntropy } from '../src/graph/entropy.js';
import { frameIndex } from '../src/graph/frameindex.js';
import { graphOf, nodeValues, tallyGraph, type Graph } from '../src/graph/graph.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const files = ['testdata/go/cpu.pb.gz', 'testdata/go/allocs.pb.gz', 'testdata/golden/node-inputs/node-cpu.pb.gz'];
const granularities: [Granularity, boolean][] = [['functions', false], ['lines', false], ['functions', true]];

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

for (const file of files) {
  test(`graphs from given values and the tally's entropy order are graphOf's on ${file}`, () => {
    const loaded = merge([loadProfile(readFileSync(join(root, file)))]);
    let compared = 0;
    for (const [granularity, noInlines] of granularities) {
      const p = copyProfile(loaded);
      aggregate(p, granularity, noInlines);
      const fi = frameIndex(p, { objNames: false });
      for (let sampleIndex = 0; sampleIndex < p.sampleType.length; sampleIndex++) {
        for (const meanIndex of [-1, 0]) {
          const o = { sampleIndex, meanIndex };
          const values = nodeValues(p, fi, o);
          // The heavier half of the nodes, and every other one of those: gaps inside stacks.
          const cums = [...values.cum].filter((c) => c !== 0).sort((a, b) => a - b);
          const cutoff = cums[cums.length >> 1] ?? 0;
          const half = Uint8Array.from(values.cum, (c) => (c !== 0 && c >= cutoff ? 1 : 0));
          let i = 0;
          const gaps = Uint8Array.from(half, (k) => (k === 1 && i++ % 2 === 0 ? 1 : 0));
          for (const kept of [undefined, half, gaps]) {
            for (const dropNegative of [false, true]) {
              const what = `${granularity} noinlines=${noInlines} value ${sampleIndex} mean ${meanIndex} kept ${kept ? 'some' : 'all'}`;
              const want = graphOf(p, fi, { ...o, kept, dropNegative });
              assert.deepEqual(describe(graphOf(p, fi, { ...o, kept, dropNegative, values })), describe(want), what);
              sortNodesByEntropy(want);
              const order = entropyOrder(fi, tallyGraph(p, fi, { ...o, kept, dropNegative, values }), { dropNegative });
              assert.deepEqual(order.nodes.map((n) => n.id), want.nodes.map((n) => n.id), `entropy order: ${what}`);
              compared++;
            }
          }
        }
      }
    }
    assert.ok(compared > 0);
  });
}
