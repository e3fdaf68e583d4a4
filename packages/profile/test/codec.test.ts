// The codec against real Go profiles (round trips, checked by Go's own
// `go tool pprof -raw`) and against hand-made edge cases: negative values,
// 64-bit addresses, unpacked fields, unknown fields, empty profiles, and
// the errors Go's parser reports.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  decodeProfile,
  emptyProfile,
  encodeProfile,
  ProfileError,
  type Location,
  type Mapping,
  type Profile,
  type ProfileFunction,
} from '../src/index.js';
import { goFixtures, goPprof, goPprofBytes, pb, varint } from './helpers.js';
import { requires } from '@fluoro/testkit';

// richProfile uses every field of the model, with values chosen to hit the
// codec's edges: negative numbers, addresses above 2^53, non-ASCII strings.
function richProfile(): Profile {
  const mapping: Mapping = {
    id: 1,
    memoryStart: 0xffffffff81000000n,
    memoryLimit: 0xffffffffffffffffn,
    fileOffset: 0x1000n,
    filename: '[kernel.kallsyms]',
    buildId: 'abc123',
    hasFunctions: true,
    hasFilenames: false,
    hasLineNumbers: true,
    hasInlineFrames: false,
  };
  const main: ProfileFunction = { id: 1, name: 'main', systemName: 'main.main', filename: '/src/main.go', startLine: 10 };
  const work: ProfileFunction = { id: 2, name: 'wörk', systemName: 'main.wörk', filename: '/src/日本.go', startLine: 20 };
  const inl: ProfileFunction = { id: 7, name: 'inlined', systemName: '', filename: '/src/main.go', startLine: -3 };
  const l1: Location = {
    id: 1,
    mapping,
    address: 0xffffffff81000010n,
    line: [
      { function: inl, line: 5, column: 7 },
      { function: work, line: 25, column: 0 },
    ],
    isFolded: true,
  };
  const l2: Location = { id: 2, mapping, address: 2n ** 53n + 1n, line: [{ function: main, line: 12, column: 3 }], isFolded: false };
  const l3: Location = { id: 300, address: 0n, line: [], isFolded: false };
  const p = emptyProfile([
    { type: 'samples', unit: 'count' },
    { type: 'delta', unit: 'nanoseconds' },
  ]);
  p.sample.push(
    { location: [l1, l2], value: [1, -1], label: [{ key: 'region', str: 'eu' }] },
    { location: [l2], value: [-5, -1234567890123], label: [{ key: 'bytes', num: -7, numUnit: 'bytes' }] },
    { location: [l3, l2], value: [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER], label: [{ key: 'n', num: 3, numUnit: '' }] },
    { location: [], value: [0, 0], label: [] },
  );
  p.mapping.push(mapping);
  p.location.push(l1, l2, l3);
  p.function.push(main, work, inl);
  p.dropFrames = 'runtime\\..*';
  p.keepFrames = 'main';
  p.timeNanos = 1_700_000_000_123_456_789;
  p.timeNanosExact = 1_700_000_000_123_456_789n;
  p.durationNanos = 30_000_000_000;
  p.periodType = { type: 'cpu', unit: 'nanoseconds' };
  p.period = 10_000_000;
  p.comment.push('first comment', 'second', 'third');
  p.defaultSampleType = 'delta';
  return p;
}

function decodeError(bytes: Uint8Array | number[]): ProfileError {
  try {
    decodeProfile(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
  } catch (err) {
    assert.ok(err instanceof ProfileError, `expected a ProfileError, got ${String(err)}`);
    return err;
  }
  assert.fail('decodeProfile did not throw');
}

describe('real Go profiles', () => {
  for (const file of goFixtures()) {
    test(`${basename(file)} round-trips: decode, encode, decode`, () => {
      const original = readFileSync(file);
      const p = decodeProfile(original);
      assert.ok(p.sampleType.length > 0);
      const gz = encodeProfile(p);
      assert.deepEqual(gz.subarray(0, 2), Uint8Array.from([0x1f, 0x8b]), 'gzipped by default');
      assert.deepStrictEqual(decodeProfile(gz), p);
      const raw = encodeProfile(p, { gzip: false });
      assert.notEqual(raw[0], 0x1f);
      assert.deepStrictEqual(decodeProfile(raw), p);
      // Re-encoding a decoded profile is stable to the byte.
      assert.deepEqual(encodeProfile(decodeProfile(raw), { gzip: false }), raw);
    });

    test(`${basename(file)}: go tool pprof -raw reads our encoding as it reads Go's`, { skip: requires('go') }, () => {
      const p = decodeProfile(readFileSync(file));
      const ours = goPprofBytes(['-raw'], encodeProfile(p));
      const go = goPprof(['-raw'], file);
      assert.ok(go.includes('Samples:'), go.slice(0, 200));
      assert.equal(ours, go);
    });
  }

  test('the decoded CPU profile has what Go wrote', () => {
    const p = decodeProfile(readFileSync(goFixtures().find((f) => f.endsWith('/cpu.pb.gz'))!));
    assert.deepEqual(p.sampleType, [
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ]);
    assert.deepEqual(p.periodType, { type: 'cpu', unit: 'nanoseconds' });
    assert.equal(p.period, 10_000_000);
    // time_nanos is above 2^53: the exact value is kept beside the number.
    assert.equal(typeof p.timeNanosExact, 'bigint');
    assert.equal(Number(p.timeNanosExact), p.timeNanos);
    assert.ok(p.sample.some((s) => s.label.some((l) => l.key === 'handler' && l.str === 'checkout')));
    const names = new Set(p.function.map((f) => f.name));
    for (const n of ['main.hashLoop', 'main.mix', 'main.fib', 'main.sortChunks']) assert.ok(names.has(n), n);
    // main.mix is inlined into main.hashLoop: one location, two lines, innermost first.
    const inlined = p.location.find((l) => l.line.length > 1 && l.line[0].function.name === 'main.mix');
    assert.ok(inlined);
    assert.equal(inlined.line[1].function.name, 'main.hashLoop');
    assert.equal(inlined.mapping?.filename, '/tmp/fluoro-gofixture/gofixture');
  });

  test('allocs names its default sample type, heap leaves it to the last', () => {
    const allocs = decodeProfile(readFileSync(goFixtures().find((f) => f.endsWith('/allocs.pb.gz'))!));
    assert.equal(allocs.defaultSampleType, 'alloc_space');
    const p = decodeProfile(readFileSync(goFixtures().find((f) => f.endsWith('/heap.pb.gz'))!));
    assert.equal(p.defaultSampleType, '');
    assert.ok(p.sample.every((s) => s.label.every((l) => l.key !== 'bytes' || (l.num! > 0 && l.numUnit === ''))));
  });
});

describe('hand-built profiles', () => {
  test('every field round-trips, including negative values and addresses above 2^53', () => {
    const p = richProfile();
    assert.deepStrictEqual(decodeProfile(encodeProfile(p)), p);
    assert.deepStrictEqual(decodeProfile(encodeProfile(p, { gzip: false })), p);
  });

  test('go tool pprof reads a hand-built profile with kernel addresses and negative values', { skip: requires('go') }, () => {
    const out = goPprofBytes(['-raw'], encodeProfile(richProfile()));
    assert.match(out, /\n {5}1: 0xffffffff81000010 M=1 \[F\] inlined \/src\/main.go:5 s=-3\(\)\n/);
    assert.match(out, /\n {13}wörk \/src\/日本.go:25 s=20\(main.wörk\)\n/);
    assert.match(out, /\n {9}-5 -1234567890123: 2 \n {16}bytes:\[-7 bytes\]\n/);
    assert.match(out, /\n {5}2: 0x20000000000001 M=1 main \/src\/main.go:12 s=10\(main.main\)\n/);
    assert.match(out, /\n1: 0xffffffff81000000\/0xffffffffffffffff\/0x1000 \[kernel.kallsyms\] abc123 \[FN\]\[LN\]\n/);
    assert.match(out, /^Comment: first comment\nComment: second\nComment: third\n/);
    assert.match(out, /samples\/count delta\/nanoseconds\[dflt\]\n/);
    assert.match(out, /Time: 2023-11-14 22:13:20.123456789 \+0000 UTC/);
  });

  test('a view into a larger buffer decodes like a copy', () => {
    const raw = encodeProfile(richProfile(), { gzip: false });
    const big = new Uint8Array(raw.length + 100).fill(0xff);
    big.set(raw, 37);
    assert.deepStrictEqual(decodeProfile(big.subarray(37, 37 + raw.length)), richProfile());
  });

  test('a negative int64 is a ten-byte varint', () => {
    const p = emptyProfile([{ type: 'v', unit: 'count' }]);
    p.sample.push({ location: [], value: [-1], label: [] });
    const raw = encodeProfile(p, { gzip: false });
    const minusOne = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    assert.ok(Buffer.from(raw).includes(Buffer.from(minusOne)));
    assert.deepEqual(decodeProfile(raw).sample[0].value, [-1]);
  });

  test('empty profiles round-trip', () => {
    for (const p of [emptyProfile([]), emptyProfile([{ type: 'samples', unit: 'count' }])]) {
      const bytes = encodeProfile(p, { gzip: false });
      assert.deepStrictEqual(decodeProfile(bytes), p);
      assert.deepStrictEqual(decodeProfile(encodeProfile(p)), p);
    }
  });

  test('go tool pprof reads our empty profile', { skip: requires('go') }, () => {
    assert.match(goPprofBytes(['-raw'], encodeProfile(emptyProfile([{ type: 'samples', unit: 'count' }]))), /Samples:/);
  });

  test('a present but empty period type stays present', () => {
    const p = emptyProfile([]);
    p.periodType = { type: '', unit: '' };
    assert.deepStrictEqual(decodeProfile(encodeProfile(p)), p);
  });

  test('zero scalars are left out and the string table starts with ""', () => {
    const raw = encodeProfile(emptyProfile([]), { gzip: false });
    // Only the string table's first entry: field 6, length 0.
    assert.deepEqual([...raw], [6 * 8 + 2, 0]);
  });

  test('labels without a value are dropped on decode, as Go drops them', () => {
    const p = emptyProfile([{ type: 'samples', unit: 'count' }]);
    p.sample.push({
      location: [],
      value: [1],
      label: [
        { key: 'empty', str: '' },
        { key: 'zero', num: 0, numUnit: '' },
        { key: 'zeroWithUnit', num: 0, numUnit: 'bytes' },
        { key: 'kept', str: 'x' },
      ],
    });
    assert.deepEqual(decodeProfile(encodeProfile(p)).sample[0].label, [
      { key: 'zeroWithUnit', num: 0, numUnit: 'bytes' },
      { key: 'kept', str: 'x' },
    ]);
  });

  test('time_nanos changed after decoding is written from timeNanos', () => {
    const p = richProfile();
    p.timeNanos = 1_800_000_000_000_000_000;
    const q = decodeProfile(encodeProfile(p));
    assert.equal(q.timeNanosExact, 1_800_000_000_000_000_000n);
    p.timeNanos = 12345;
    delete p.timeNanosExact;
    assert.deepStrictEqual(decodeProfile(encodeProfile(p)), p);
  });
});

describe('decoding hand-written bytes', () => {
  const header = [...pb.bytes(1, [...pb.int(1, 1), ...pb.int(2, 2)]), ...pb.bytes(1, [...pb.int(1, 3), ...pb.int(2, 2)])];
  const tables = [
    ...pb.bytes(5, [...pb.int(1, 1), ...pb.int(2, 4), ...pb.int(5, 9)]), // function 1 "f", start_line 9
    ...pb.bytes(4, [...pb.int(1, 1), ...pb.int(3, 0x1000), ...pb.bytes(4, [...pb.int(1, 1), ...pb.int(2, 42), ...pb.int(3, 6)])]),
    ...pb.bytes(4, [...pb.int(1, 2), ...pb.int(5, 1)]), // is_folded
  ];
  const strings = pb.strings(['', 'samples', 'count', 'cpu', 'f']);

  test('unpacked repeated fields decode like packed ones', () => {
    const packed = [...header, ...pb.bytes(2, [...pb.packed(1, [1, 2]), ...pb.packed(2, [3, -4])]), ...tables, ...strings];
    const unpacked = [
      ...header,
      ...pb.bytes(2, [...pb.int(1, 1), ...pb.int(2, 3), ...pb.int(1, 2), ...pb.int(2, -4)]),
      ...tables,
      ...strings,
      ...pb.int(13, 4),
      ...pb.int(13, 1),
    ];
    const a = decodeProfile(Uint8Array.from(packed));
    const b = decodeProfile(Uint8Array.from(unpacked));
    assert.deepEqual(a.sample[0].value, [3, -4]);
    assert.deepEqual(b.sample[0].value, [3, -4]);
    assert.deepEqual(
      b.sample[0].location.map((l) => l.id),
      [1, 2],
    );
    assert.deepEqual(b.comment, ['f', 'samples']);
    assert.deepStrictEqual({ ...b, comment: [] }, a);
    assert.deepEqual(a.location[0].line[0], { function: a.function[0], line: 42, column: 6 });
    assert.equal(a.function[0].startLine, 9);
    assert.equal(a.location[1].isFolded, true);
  });

  test('unknown fields of every wire type are skipped, doc_url too', () => {
    const unknown = [...pb.int(99, 5), ...pb.fixed64(100), ...pb.bytes(101, 'x'), ...pb.fixed32(102)];
    const bytes = [
      ...header,
      ...pb.bytes(2, [...pb.packed(1, [1]), ...unknown, ...pb.packed(2, [1, 2])]),
      ...pb.bytes(5, [...pb.int(1, 1), ...unknown, ...pb.int(2, 4)]),
      ...pb.bytes(4, [...pb.int(1, 1), ...pb.bytes(4, [...pb.int(1, 1), ...unknown]), ...unknown]),
      ...strings,
      ...unknown,
      ...pb.int(15, 1), // int64 doc_url = 15
    ];
    const p = decodeProfile(Uint8Array.from(bytes));
    assert.equal(p.sample[0].location[0].line[0].function.name, 'f');
  });

  test('a varint of exactly ten bytes is read; bits past 64 are dropped as Go does', () => {
    const strs = pb.strings(['', 'v', 'c']);
    const vt = pb.bytes(1, [...pb.int(1, 1), ...pb.int(2, 2)]);
    const minusTwo = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
    const p = decodeProfile(Uint8Array.from([...vt, ...pb.bytes(2, [2 * 8, ...minusTwo]), ...strs]));
    assert.deepEqual(p.sample[0].value, [-2]);
  });

  test('values that a number cannot hold are ERR_PROFILE_RANGE, not rounded', () => {
    const strs = pb.strings(['', 'v', 'c']);
    const vt = pb.bytes(1, [...pb.int(1, 1), ...pb.int(2, 2)]);
    for (const v of [2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n)]) {
      const err = decodeError([...vt, ...pb.bytes(2, pb.packed(2, [v])), ...strs]);
      assert.equal(err.code, 'ERR_PROFILE_RANGE');
      assert.match(err.message, new RegExp(`^parsing profile: sample 0: signed value ${v} `));
    }
    const err = decodeError([...vt, ...pb.bytes(5, pb.int(1, 2n ** 60n)), ...strs]);
    assert.equal(err.code, 'ERR_PROFILE_RANGE');
    assert.match(err.message, /^parsing profile: function 0: unsigned value 1152921504606846976/);
  });
});

describe("Go's validation messages", () => {
  const strs = pb.strings(['', 'samples', 'count', 'f']);
  const vt = pb.bytes(1, [...pb.int(1, 1), ...pb.int(2, 2)]);
  const fn = (id: number) => pb.bytes(5, [...pb.int(1, id), ...pb.int(2, 3)]);
  const loc = (id: number, fnId = 1) => pb.bytes(4, [...pb.int(1, id), ...pb.bytes(4, pb.int(1, fnId))]);
  const cases: [string, number[], string, string][] = [
    ['empty input', [], 'ERR_PROFILE_INVALID', 'parsing profile: empty input file'],
    [
      'value count mismatch',
      [...vt, ...pb.bytes(2, pb.packed(2, [1, 2])), ...strs],
      'ERR_PROFILE_INVALID',
      'malformed profile: mismatch: sample has 2 values vs. 1 types',
    ],
    [
      'samples without sample types',
      [...pb.bytes(2, pb.packed(2, [1])), ...strs],
      'ERR_PROFILE_INVALID',
      'malformed profile: missing sample type information',
    ],
    [
      'unknown location id',
      [...vt, ...fn(1), ...loc(1), ...pb.bytes(2, [...pb.packed(1, [1, 2]), ...pb.packed(2, [1])]), ...strs],
      'ERR_PROFILE_INVALID',
      'malformed profile: sample has nil location',
    ],
    ['function id 0', [...fn(0), ...strs], 'ERR_PROFILE_INVALID', 'malformed profile: found function with reserved ID=0'],
    ['location id 0', [...fn(1), ...loc(0), ...strs], 'ERR_PROFILE_INVALID', 'malformed profile: found location with reserved id=0'],
    ['mapping id 0', [...pb.bytes(3, pb.int(2, 5)), ...strs], 'ERR_PROFILE_INVALID', 'malformed profile: found mapping with reserved ID=0'],
    ['duplicate function ids', [...fn(4), ...fn(4), ...strs], 'ERR_PROFILE_INVALID', 'malformed profile: multiple functions with same id: 4'],
    ['duplicate location ids', [...fn(1), ...loc(9), ...loc(9), ...strs], 'ERR_PROFILE_INVALID', 'malformed profile: multiple locations with same id: 9'],
    [
      'duplicate mapping ids',
      [...pb.bytes(3, pb.int(1, 2)), ...pb.bytes(3, pb.int(1, 2)), ...strs],
      'ERR_PROFILE_INVALID',
      'malformed profile: multiple mappings with same id: 2',
    ],
    ['line with unknown function', [...fn(1), ...loc(3, 8), ...strs], 'ERR_PROFILE_INVALID', 'malformed profile: location id: 3 has a line with nil function'],
    [
      'string index out of range',
      [...pb.bytes(5, [...pb.int(1, 1), ...pb.int(2, 17)]), ...strs],
      'ERR_PROFILE_INVALID',
      'parsing profile: function 0: malformed profile format: string index 17 out of range [0, 4)',
    ],
    ['negative string index', [...pb.int(7, -1), ...strs], 'ERR_PROFILE_INVALID', 'parsing profile: malformed profile format: string index -1 out of range [0, 4)'],
    ['string_table[0] not empty', pb.strings(['x']), 'ERR_PROFILE_INVALID', "parsing profile: string_table[0] must be ''"],
    ['no string table', pb.int(12, 5), 'ERR_PROFILE_INVALID', 'parsing profile: malformed profile format: missing string table'],
    [
      'two time_nanos',
      [...strs, ...pb.int(9, 5), ...pb.int(9, 6)],
      'ERR_PROFILE_INVALID',
      'parsing profile: concatenated profiles detected',
    ],
    ['wrong wire type', [...strs, ...pb.bytes(12, 'x')], 'ERR_PROFILE_WIRE_TYPE', 'parsing profile: type mismatch: field 12 has wire type 2 at byte'],
    ['group wire type', [...strs, 3 * 8 + 3], 'ERR_PROFILE_WIRE_TYPE', 'parsing profile: unknown wire type: 3 at byte'],
    ['wire type 7 in a sample', [...vt, ...pb.bytes(2, [0x0f]), ...strs], 'ERR_PROFILE_WIRE_TYPE', 'parsing profile: sample 0: unknown wire type: 7'],
    ['length past the end', [...strs, 6 * 8 + 2, 5, 65], 'ERR_PROFILE_TRUNCATED', 'parsing profile: too much data: length 5 at byte'],
    ['huge length', [...strs, 6 * 8 + 2, ...varint(2n ** 62n)], 'ERR_PROFILE_TRUNCATED', 'parsing profile: too much data: length 4611686018427387904'],
    ['truncated varint', [...strs, 12 * 8, 0x80, 0x80], 'ERR_PROFILE_TRUNCATED', 'parsing profile: bad varint: truncated at byte'],
    [
      'varint over ten bytes',
      [...strs, 12 * 8, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
      'ERR_PROFILE_INVALID',
      'parsing profile: bad varint: longer than 10 bytes at byte',
    ],
    ['truncated fixed64', [...strs, ...varint(100 * 8 + 1), 1, 2, 3], 'ERR_PROFILE_TRUNCATED', 'parsing profile: not enough data: 8-byte field'],
  ];
  for (const [name, bytes, code, message] of cases) {
    test(name, () => {
      const err = decodeError(bytes);
      assert.equal(err.code, code);
      assert.ok(err.message.startsWith(message), `${err.message}\ndoes not start with\n${message}`);
    });
  }

  test('errors chain the original as cause', () => {
    const err = decodeError([...pb.strings(['']), 12 * 8, 0x80]);
    assert.ok(err.cause instanceof ProfileError);
    assert.equal((err.cause as ProfileError).code, 'ERR_PROFILE_TRUNCATED');
  });
});

describe('size limits and gzip', () => {
  test('a gzip bomb stops at maxBytes with ERR_PROFILE_TOO_LARGE', () => {
    const bomb = gzipSync(new Uint8Array(64 * 1024 * 1024));
    assert.ok(bomb.length < 128 * 1024);
    const started = Date.now();
    const err = (() => {
      try {
        decodeProfile(bomb, { maxBytes: 1024 * 1024 });
      } catch (e) {
        return e as ProfileError;
      }
      return undefined;
    })();
    assert.ok(err instanceof ProfileError);
    assert.equal(err.code, 'ERR_PROFILE_TOO_LARGE');
    assert.match(err.message, /^decompressing profile: output exceeds the limit of 1048576 bytes/);
    assert.ok(Date.now() - started < 5000);
  });

  test('an uncompressed input over maxBytes is refused', () => {
    const raw = encodeProfile(emptyProfile([{ type: 'samples', unit: 'count' }]), { gzip: false });
    assert.throws(() => decodeProfile(raw, { maxBytes: 3 }), { code: 'ERR_PROFILE_TOO_LARGE' });
    assert.doesNotThrow(() => decodeProfile(raw, { maxBytes: raw.length }));
  });

  test('corrupt gzip is ERR_PROFILE_GZIP', () => {
    const gz = Buffer.from(encodeProfile(emptyProfile([])));
    gz[gz.length - 5] ^= 0xff; // break the CRC
    assert.throws(() => decodeProfile(gz), (err: unknown) => {
      assert.ok(err instanceof ProfileError);
      assert.equal(err.code, 'ERR_PROFILE_GZIP');
      assert.match(err.message, /^decompressing profile: /);
      return true;
    });
  });

  test('gzip is detected by its magic, not by a flag', () => {
    const p = richProfile();
    const raw = encodeProfile(p, { gzip: false });
    assert.deepStrictEqual(decodeProfile(gunzipSync(gzipSync(raw))), p);
    assert.deepStrictEqual(decodeProfile(gzipSync(raw)), p);
  });

  test('options are checked', () => {
    assert.throws(() => decodeProfile(new Uint8Array(1), { maxBytes: 0 }), TypeError);
    assert.throws(() => decodeProfile(new Uint8Array(1), { maxBytes: 1.5 }), /maxBytes/);
    assert.throws(() => decodeProfile('x' as unknown as Uint8Array), TypeError);
    assert.throws(() => encodeProfile(emptyProfile([]), { gzip: 'yes' as unknown as boolean }), /gzip/);
  });
});

describe('encoding refuses profiles that would not decode to themselves', () => {
  const base = () => richProfile();
  const cases: [string, (p: Profile) => void, RegExp][] = [
    ['value count', (p) => p.sample[0].value.push(1), /^encoding profile: malformed profile: mismatch: sample has 3 values vs. 2 types$/],
    ['location missing from the table', (p) => p.location.pop(), /^encoding profile: malformed profile: inconsistent location: 300$/],
    ['duplicate location id', (p) => (p.location[1].id = 1), /multiple locations with same id: 1/],
    ['zero function id', (p) => (p.function[0].id = 0), /found function with reserved ID=0/],
    ['function missing from the table', (p) => p.function.pop(), /inconsistent function: 7/],
    ['mapping missing from the table', (p) => p.mapping.pop(), /inconsistent mapping: 1/],
    ['fractional value', (p) => (p.sample[0].value[0] = 1.5), /sample value must be a safe integer, got 1.5/],
    ['unsafe value', (p) => (p.sample[0].value[0] = 2 ** 60), /sample value must be a safe integer, got 1152921504606847000/],
    ['fractional location id', (p) => (p.location[0].id = 1.5), /location id must be a non-negative safe integer, got 1.5/],
    ['NaN line', (p) => (p.location[0].line[0].line = NaN), /line line must be a safe integer, got NaN/],
    ['negative address', (p) => (p.location[0].address = -1n), /location address must be a bigint in \[0, 2\^64\)/],
    ['address over 64 bits', (p) => (p.mapping[0].memoryLimit = 2n ** 64n), /mapping memory_limit must be a bigint/],
  ];
  for (const [name, spoil, message] of cases) {
    test(name, () => {
      const p = base();
      spoil(p);
      assert.throws(() => encodeProfile(p), (err: unknown) => {
        assert.ok(err instanceof ProfileError, String(err));
        assert.equal(err.code, 'ERR_PROFILE_INVALID');
        assert.match(err.message, message);
        return true;
      });
    });
  }
});
