// The flame graph's data on its own: preorder columns whose numbers add up
// (a node's cum is its self plus its children's plus what was cut), the
// cut-off that keeps big profiles small, and the sandwich's anchored trees.

import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import { fetchProfiles } from '../src/driver/fetch.js';
import { configFromFlags, sourceFromFlags } from '../src/driver/options.js';
import { prepareReport } from '../src/driver/pprof.js';
import { flameGraph, type FlameData } from '../src/report/flamegraph.js';
import { ROOT } from './web-harness.js';

async function report(file: string) {
  const cfg = configFromFlags(new Map());
  cfg.trim = false;
  const p = await fetchProfiles(sourceFromFlags(new Map(), [join(ROOT, file)], cfg), { print() {}, printErr() {} });
  return prepareReport(p, cfg).rpt;
}

// children lists each node's children from the preorder depths.
function check(fg: FlameData): void {
  const n = fg.frame.length;
  const kids = new Map<number, number[]>();
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    stack.length = fg.depth[i];
    if (i > 0) kids.set(stack[stack.length - 1], [...(kids.get(stack[stack.length - 1]) ?? []), i]);
    stack.push(i);
  }
  for (let i = 0; i < n; i++) {
    const sum = (kids.get(i) ?? []).reduce((a, k) => a + fg.cum[k], 0) + fg.self[i];
    assert.ok(sum <= fg.cum[i] + 1e-6, `node ${i}: children and self ${sum} > cum ${fg.cum[i]}`);
    if (fg.elided === 0) assert.equal(sum, fg.cum[i], `node ${i}`);
  }
}

test('flame data adds up, and the cut-off bounds its size', async () => {
  const rpt = await report('testdata/go/cpu.pb.gz');
  const full = flameGraph(rpt, { minFraction: 0, maxNodes: 1e6 });
  check(full);
  assert.equal(full.cum[0], rpt.total);
  const small = flameGraph(rpt, { minFraction: 0, maxNodes: 20 });
  check(small);
  assert.ok(small.frame.length <= 20, `${small.frame.length} nodes`);
  assert.ok(small.elided > 0 && small.minValue > 0);
  assert.equal(small.cum[0], full.cum[0]);
});

test('sandwich trees start at the anchored function', async () => {
  const rpt = await report('testdata/go/cpu.pb.gz');
  const re = /^sort\.pdqsort$/;
  const callees = flameGraph(rpt, { minFraction: 0, maxNodes: 1e6, anchor: { re, direction: 'callees' } });
  const callers = flameGraph(rpt, { minFraction: 0, maxNodes: 1e6, anchor: { re, direction: 'callers' } });
  check(callees);
  check(callers);
  for (const fg of [callees, callers]) {
    // Only the anchor below the root, holding the function's cum (0.74s, recursion counted once).
    assert.deepEqual(fg.depth.filter((d) => d === 1).length, 1);
    assert.equal(fg.names[fg.frame[1]], 'sort.pdqsort');
    assert.equal(fg.cum[1], 740_000_000);
  }
  // Callers go up to the root of the program: sort.Sort, sort.Ints, main.sortChunks...
  assert.equal(callers.names[callers.frame[2]], 'sort.Sort');
  assert.ok(callees.names.includes('sort.partition'));
});
