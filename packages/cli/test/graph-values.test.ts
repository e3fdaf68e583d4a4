// nodeValues reads stacks directly instead of through the sample walk that
// graphOf uses: every node's flat and cum must still be graphOf's, for every
// granularity (inlined lines included), sample value and -mean.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { aggregate, copyProfile, loadProfile, merge, type Granularity } from '@fluoro/profile';
import { frameIndex } from '../src/graph/frameindex.js';
import { graphOf, nodeValues } from '../src/graph/graph.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const files = ['testdata/go/cpu.pb.gz', 'testdata/go/allocs.pb.gz', 'testdata/go/heap.pb.gz', 'testdata/golden/node-inputs/node-cpu.pb.gz'];
const granularities: [Granularity, boolean][] = [['functions', false], ['lines', false], ['addresses', false], ['functions', true]];

for (const file of files) {
  test(`nodeValues gives graphOf's values on ${file}`, () => {
    const loaded = merge([loadProfile(readFileSync(join(root, file)))]);
    let compared = 0;
    for (const [granularity, noInlines] of granularities) {
      const p = copyProfile(loaded);
      aggregate(p, granularity, noInlines);
      for (const objNames of [false, true]) {
        const fi = frameIndex(p, { objNames });
        for (let sampleIndex = 0; sampleIndex < p.sampleType.length; sampleIndex++) {
          for (const meanIndex of [-1, 0]) {
            const o = { sampleIndex, meanIndex };
            const v = nodeValues(p, fi, o);
            const g = graphOf(p, fi, o);
            const shown = new Set(g.nodes.map((n) => n.id));
            for (const n of g.nodes) {
              const got = [v.flat[n.id], v.flatDiv[n.id], v.cum[n.id], v.cumDiv[n.id]];
              assert.deepEqual(got, [n.flat, n.flatDiv, n.cum, n.cumDiv], `${granularity} ${n.name}`);
              compared++;
            }
            for (let n = 0; n < fi.infos.length; n++) {
              if (!shown.has(n)) assert.ok(v.flat[n] === 0 && v.cum[n] === 0, `${granularity} node ${n} has a value but no place in the graph`);
            }
          }
        }
      }
    }
    assert.ok(compared > 0);
  });
}
