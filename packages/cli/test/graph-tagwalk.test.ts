// tagsOf must give a node the tags graphOf gives it: -dot builds its first
// graph without tags and takes the tags of the candidate nodes from tagsOf.
// Both run on one walk (graph/walk.ts); this holds them to the same result.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { frameIndex } from '../src/graph/frameindex.js';
import { graphOf } from '../src/graph/graph.js';
import { trimLowFrequencyTags, type NodeTags, type TagOptions } from '../src/graph/tags.js';
import { tagsOf } from '../src/graph/tagwalk.js';
import { loadProfile, merge } from '@fluoro/profile';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const options: TagOptions = { bytesUnit: 'bytes', format: (v, unit) => `${v}${unit}` };

/** flatten lists a node's tags as comparable lines. */
function flatten(t: NodeTags | undefined): string[] {
  if (!t) return [];
  const out = [...t.label.values()].map((x) => `label ${x.name} ${x.flat} ${x.cum}`);
  for (const [k, m] of t.numeric) for (const x of m.values()) out.push(`num ${k} ${x.name} ${x.flat} ${x.cum}`);
  return out.sort();
}

for (const file of ['allocs.pb.gz', 'cpu.pb.gz']) {
  test(`tagsOf gives the nodes of ${file} graphOf's tags, trimmed or not`, () => {
    const p = merge([loadProfile(readFileSync(join(root, 'testdata/go', file)))]);
    const fi = frameIndex(p, { objNames: false });
    const value = { sampleIndex: 0, meanIndex: -1 };
    const g = graphOf(p, fi, { ...value, tags: options });
    const some = g.nodes.filter((_, i) => i % 2 === 0).map((n) => n.id);
    const all = tagsOf(p, fi, { ...value, nodes: some, tags: options, min: 0 });
    let tagged = 0;
    for (const n of g.nodes) {
      const want = some.includes(n.id) ? flatten(n.tags) : [];
      assert.deepEqual(flatten(all.get(n.id)), want, n.name);
      if (want.length > 0) tagged++;
    }
    assert.ok(tagged > 0, 'the fixture has tags');

    // Half the heaviest tag's weight keeps some tags and drops others.
    let min = 0;
    for (const n of g.nodes) {
      if (!n.tags) continue;
      for (const t of n.tags.label.values()) min = Math.max(min, Math.abs(t.cum) / 2);
      for (const m of n.tags.numeric.values()) for (const t of m.values()) min = Math.max(min, Math.abs(t.cum) / 2);
    }
    const trimmed = tagsOf(p, fi, { ...value, nodes: some, tags: options, min });
    for (const n of g.nodes) {
      if (!some.includes(n.id) || !n.tags) continue;
      trimLowFrequencyTags(n.tags, min);
      assert.deepEqual(flatten(trimmed.get(n.id)), flatten(n.tags), n.name);
    }
  });
}
