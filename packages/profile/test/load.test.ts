// loadProfile must read exactly what decodeProfile reads: the same samples
// (stacks, values, labels) on every fixture, and the codec's own error on
// damaged input, since its fast path hands anything unusual to the codec.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { columnsOf, decodeProfile, encodeProfile, loadProfile, merge, toProfile, ungroupLabels, type LoadedProfile, type Profile } from '../src/index.js';
import { pb } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtures = [
  'testdata/go/cpu.pb.gz', 'testdata/go/cpu2.pb.gz', 'testdata/go/heap.pb.gz', 'testdata/go/allocs.pb.gz',
  'testdata/go/goroutine.pb.gz', 'testdata/go/mutex.pb.gz', 'testdata/go/block.pb.gz',
  'testdata/go/threadcreate.pb.gz', 'testdata/go/custom.pb.gz',
  'testdata/golden/node-inputs/node-cpu.pb.gz', 'testdata/golden/node-inputs/node-heap.pb.gz',
];

/** samplesText prints samples as "location ids | values | labels" lines. */
function samplesText(l: LoadedProfile): string {
  const { samples: c, profile: p } = l;
  const out: string[] = [];
  for (let i = 0; i < c.count; i++) {
    const ids = [...c.frames.subarray(c.start[i], c.end[i])].map((x) => p.location[x].id);
    const vals = [...c.values.subarray(i * c.width, (i + 1) * c.width)];
    out.push(`${ids.join(',')} | ${vals.join(',')} | ${JSON.stringify(ungroupLabels(c.labels[i]))}`);
  }
  return out.join('\n');
}

for (const f of fixtures) {
  test(`loadProfile reads ${f} as decodeProfile does`, () => {
    const bytes = readFileSync(join(root, f));
    const fast = loadProfile(bytes);
    const slow = columnsOf(decodeProfile(bytes));
    assert.equal(samplesText(fast), samplesText(slow));
    assert.equal(fast.profile.location.length, slow.profile.location.length);
    assert.deepEqual(fast.profile.sampleType, slow.profile.sampleType);
  });
}

function decodeError(bytes: Uint8Array): string {
  try {
    decodeProfile(bytes);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

test('loadProfile fails on damaged input with the codec message', () => {
  const raw = gunzipSync(readFileSync(join(root, 'testdata/go/heap.pb.gz')));
  const damaged: Uint8Array[] = [
    raw.subarray(0, raw.length - 7),
    raw.subarray(0, Math.floor(raw.length / 2)),
    readFileSync(join(root, 'testdata/go/heap.pb.gz')).subarray(0, 100),
    new Uint8Array([0x12, 0x04, 0x0a, 0x02, 0x63, 0x00]),
    Uint8Array.from(raw, (b, i) => (i > 40 && i % 97 === 0 ? 0xff : b)),
  ];
  for (const bytes of damaged) {
    const want = decodeError(bytes);
    assert.throws(() => loadProfile(bytes), (err: Error) => err.message === want, want);
  }
});

test('loadProfile reads negative values (a diff profile) as decodeProfile does', () => {
  const p: Profile = decodeProfile(readFileSync(join(root, 'testdata/go/cpu.pb.gz')));
  p.sample[0].value = p.sample[0].value.map((v) => -v);
  const bytes = encodeProfile(p);
  assert.equal(samplesText(loadProfile(bytes)), samplesText(columnsOf(decodeProfile(bytes))));
});

// handMade is a one-location profile whose only sample is given as raw fields.
function handMade(sample: number[]): Uint8Array {
  return Uint8Array.from([
    ...pb.bytes(1, [...pb.int(1, 1), ...pb.int(2, 2)]), // sample_type samples/count
    ...pb.bytes(2, sample),
    ...pb.bytes(4, [...pb.int(1, 1), ...pb.bytes(4, pb.int(1, 1))]), // location 1: main
    ...pb.bytes(5, [...pb.int(1, 1), ...pb.int(2, 3)]), // function 1: main
    ...pb.strings(['', 'samples', 'count', 'main', 'k', 'v']),
  ]);
}

test('loadProfile reads unusual samples, or fails on them, exactly as decodeProfile does', () => {
  const one = pb.packed(1, [1]);
  const samples: Record<string, number[]> = {
    'packed': [...one, ...pb.packed(2, [5])],
    'unpacked': [...pb.int(1, 1), ...pb.int(2, 5)],
    'split packed ids': [...one, ...pb.packed(2, [5]), ...one],
    'negative value': [...one, ...pb.packed(2, [-5n])],
    'unknown field': [...one, ...pb.packed(2, [5]), ...pb.int(9, 1)],
    'string label': [...one, ...pb.packed(2, [5]), ...pb.bytes(3, [...pb.int(1, 4), ...pb.int(2, 5)])],
    'numeric label': [...one, ...pb.packed(2, [5]), ...pb.bytes(3, [...pb.int(1, 4), ...pb.int(3, -2n), ...pb.int(4, 2)])],
    'empty label': [...one, ...pb.packed(2, [5]), ...pb.bytes(3, pb.int(1, 4))],
    'label string out of range': [...one, ...pb.packed(2, [5]), ...pb.bytes(3, [...pb.int(1, 4), ...pb.int(2, 99)])],
    'unknown location': [...pb.packed(1, [7]), ...pb.packed(2, [5])],
    'location id above 2^53': [...pb.packed(1, [2n ** 60n]), ...pb.packed(2, [5])],
    'too many values': [...one, ...pb.packed(2, [5, 6])],
    'no values': one,
    'truncated ids': [...pb.bytes(1, [0x81]), ...pb.packed(2, [5])],
  };
  for (const [name, sample] of Object.entries(samples)) {
    const bytes = handMade(sample);
    const want = decodeError(bytes);
    if (want !== 'no error') {
      assert.throws(() => loadProfile(bytes), (err: Error) => err.message === want, `${name}: ${want}`);
    } else {
      assert.equal(samplesText(loadProfile(bytes)), samplesText(columnsOf(decodeProfile(bytes))), name);
    }
  }
});

// loadProfile lists locations in order of first use, which lets merge keep
// the frame column as decoded: the merged profile must be the one merge
// makes of the codec's profile, in every case that takes merge off that
// path (an equal location merged into another, a sample without a value).
test('merge makes of a loaded profile what it makes of the decoded one', () => {
  const base = () => decodeProfile(readFileSync(join(root, 'testdata/go/cpu.pb.gz')));
  const reversed = base();
  reversed.location.reverse();
  const twin = base();
  const first = twin.sample[0].location[0];
  const copy = { ...first, id: Math.max(...twin.location.map((l) => l.id)) + 1, line: first.line.map((ln) => ({ ...ln })) };
  twin.location.push(copy);
  twin.sample[twin.sample.length - 1].location[0] = copy;
  const zero = base();
  zero.sample[0].value = zero.sample[0].value.map(() => 0);
  for (const [name, p] of Object.entries({ reversed, twin, zero })) {
    const bytes = encodeProfile(p);
    const loaded = loadProfile(bytes);
    assert.equal(loaded.firstUse !== undefined, true, name);
    const fast = encodeProfile(toProfile(merge([loaded])));
    const slow = encodeProfile(toProfile(merge([columnsOf(decodeProfile(bytes))])));
    assert.deepEqual(fast, slow, name);
  }
});
