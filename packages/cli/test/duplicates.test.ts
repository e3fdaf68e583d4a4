// A single source is not merged sample by sample unless a report needs it
// (merge's keepDuplicates): equal samples stay apart, every sum over samples
// is what it is after Go's Merge, and the reports that list samples compact
// the profile first. This holds that to Go's Merge: a profile whose samples
// are each split in two, later ones apart from the first, must print every
// report as the original does, and so must one split into values of
// opposite signs, which merge adds up as Go does.

import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeProfile, encodeProfile, type Profile } from '@fluoro/profile';
import { runPprof } from '../src/index.js';

process.env.TZ = 'UTC';
const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const tmp = mkdtempSync(join(tmpdir(), 'fluoro-duplicates-'));

const REPORTS = [
  ['-top'],
  ['-text', '-nodecount=5', '-cum'],
  ['-top', '-mean'],
  ['-top', '-focus=main', '-lines'],
  ['-traces'],
  ['-tags'],
  ['-raw'],
  ['-proto'],
  ['-collapsed'],
  ['-collapsed', '-mean'],
  ['-dot'],
  ['-dot', '-call_tree'],
  ['-tree'],
  ['-peek=main'],
  ['-list=main'],
];

// split makes each sample two samples of the same stack and labels, the
// second ones after all the first; parts gives the two values of one.
function split(p: Profile, parts: (v: number) => [number, number]): Profile {
  const first = p.sample.map((s) => ({ ...s, value: s.value.map((v) => parts(v)[0]) }));
  const second = p.sample.map((s) => ({ ...s, value: s.value.map((v) => parts(v)[1]) }));
  return { ...p, sample: [...first, ...second] };
}

// report is what a report prints, or the error it fails with.
async function report(flags: string[], file: string): Promise<string> {
  try {
    const res = await runPprof([...flags, file]);
    return res.binary ? Buffer.from(res.binary).toString('base64') : res.output;
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

for (const fixture of ['testdata/go/cpu.pb.gz', 'testdata/go/allocs.pb.gz', 'testdata/golden/node-inputs/node-heap.pb.gz']) {
  const original = join(root, fixture);
  const name = fixture.replace(/.*\//, '').replace('.pb.gz', '');
  const halves = join(tmp, `${name}.halves.pb.gz`);
  writeFileSync(halves, encodeProfile(split(decodeProfile(readFileSync(original)), (v) => [Math.floor(v / 3), v - Math.floor(v / 3)])));
  const signs = join(tmp, `${name}.signs.pb.gz`);
  writeFileSync(signs, encodeProfile(split(decodeProfile(readFileSync(original)), (v) => [2 * v, -v])));
  for (const flags of REPORTS) {
    test(`${flags.join(' ')} of ${name} split in two prints the original's report`, async () => {
      const want = await report(flags, original);
      assert.equal(await report(flags, halves), want, 'halves');
      assert.equal(await report(flags, signs), want, 'opposite signs');
    });
  }
}
