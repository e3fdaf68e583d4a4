// Hostile input: every prefix of every real profile, random byte flips with
// a fixed seed, random garbage, and a few crafted worst cases. The decoder
// must either return a profile or throw a ProfileError with a stable code;
// never another exception, never a hang. A mutant that does decode must
// then survive encode and decode unchanged, which also checks that
// validation let through only profiles the encoder accepts.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { decodeProfile, encodeProfile, ProfileError, type Profile } from '../src/index.js';
import { goFixtures, pb, prng, varint } from './helpers.js';

const CODES = new Set([
  'ERR_PROFILE_TRUNCATED',
  'ERR_PROFILE_WIRE_TYPE',
  'ERR_PROFILE_TOO_LARGE',
  'ERR_PROFILE_INVALID',
  'ERR_PROFILE_GZIP',
  'ERR_PROFILE_RANGE',
]);

// tryDecode returns the profile or the ProfileError, failing the test on
// anything else (including the decoder's "internal error" safety net).
function tryDecode(bytes: Uint8Array, maxBytes = 16 * 1024 * 1024): Profile | ProfileError {
  try {
    return decodeProfile(bytes, { maxBytes });
  } catch (err) {
    if (!(err instanceof ProfileError)) throw new Error(`non-ProfileError thrown: ${String(err)}`, { cause: err });
    assert.ok(CODES.has(err.code), `unknown code ${err.code}`);
    assert.ok(!err.message.includes('internal error'), err.message);
    assert.match(err.message, /^(parsing profile|malformed profile|decompressing profile): /);
    return err;
  }
}

function checkSurvivor(p: Profile): void {
  assert.deepStrictEqual(decodeProfile(encodeProfile(p, { gzip: false })), p);
}

const fixtures = goFixtures().map((file) => ({ name: basename(file), gz: readFileSync(file) }));

describe('truncation at every byte offset', () => {
  for (const { name, gz } of fixtures) {
    test(`${name}, uncompressed`, () => {
      const raw = gunzipSync(gz);
      let errors = 0;
      for (let n = 0; n < raw.length; n++) {
        const r = tryDecode(raw.subarray(0, n));
        if (r instanceof ProfileError) errors++;
        else checkSurvivor(r);
      }
      // Most prefixes cut a message in half or lose the tables samples need.
      assert.ok(errors > raw.length / 2, `${errors} errors for ${raw.length} prefixes`);
    });

    test(`${name}, gzipped`, () => {
      for (let n = 0; n < gz.length; n++) {
        const r = tryDecode(gz.subarray(0, n));
        assert.ok(r instanceof ProfileError, `prefix of ${n} bytes decoded`);
        if (n >= 2) assert.equal(r.code, 'ERR_PROFILE_GZIP', r.message);
      }
    });
  }
});

describe('random byte flips (seeded)', () => {
  for (const { name, gz } of fixtures) {
    test(name, () => {
      const rand = prng(0x5eed + name.length);
      const raw = gunzipSync(gz);
      let decoded = 0;
      for (let round = 0; round < 1000; round++) {
        const bytes = Uint8Array.from(raw);
        const flips = 1 + Math.floor(rand() * 4);
        for (let k = 0; k < flips; k++) {
          const at = Math.floor(rand() * bytes.length);
          // Half the time a random byte, half a single flipped bit.
          bytes[at] = rand() < 0.5 ? Math.floor(rand() * 256) : bytes[at] ^ (1 << Math.floor(rand() * 8));
        }
        const r = tryDecode(bytes);
        if (!(r instanceof ProfileError)) {
          decoded++;
          checkSurvivor(r);
        }
      }
      // Flips inside strings and values leave a valid profile; both outcomes occur.
      assert.ok(decoded > 0 && decoded < 1000, `${decoded} of 1000 mutants decoded`);
    });
  }
});

test('random garbage (seeded)', () => {
  const rand = prng(42);
  for (let round = 0; round < 5000; round++) {
    const bytes = new Uint8Array(1 + Math.floor(rand() * 300));
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
    // Keep the gzip magic off: garbage after it is zlib's business, tested above.
    if (bytes[0] === 0x1f) bytes[0] = 0;
    const r = tryDecode(bytes);
    if (!(r instanceof ProfileError)) checkSurvivor(r);
  }
});

test('random garbage made of plausible fields (seeded)', () => {
  // Small tags and small lengths reach deeper into the decoder than noise.
  const rand = prng(7);
  const int = (n: number) => Math.floor(rand() * n);
  for (let round = 0; round < 5000; round++) {
    const bytes: number[] = [...pb.strings(['', 'a', 'b'])];
    const fields = 1 + int(12);
    for (let k = 0; k < fields; k++) {
      const field = 1 + int(16);
      const kind = int(4);
      if (kind === 0) bytes.push(...pb.int(field, int(2) ? int(5) : BigInt(int(1 << 30)) << 34n));
      else if (kind === 1) bytes.push(...pb.packed(field, Array.from({ length: int(6) }, () => int(4))));
      else if (kind === 2) {
        const inner: number[] = [];
        for (let j = int(5); j > 0; j--) inner.push(...pb.int(1 + int(6), int(4)));
        bytes.push(...pb.bytes(field, inner));
      } else bytes.push(...varint(field * 8 + int(8)), ...Array.from({ length: int(4) }, () => int(256)));
    }
    const r = tryDecode(Uint8Array.from(bytes));
    if (!(r instanceof ProfileError)) checkSurvivor(r);
  }
});

describe('crafted worst cases', () => {
  test('a length near 2^64 fails at once', () => {
    const r = tryDecode(Uint8Array.from([...pb.strings(['']), 2 * 8 + 2, ...varint(2n ** 64n - 1n)]));
    assert.ok(r instanceof ProfileError);
    assert.equal(r.code, 'ERR_PROFILE_TRUNCATED');
  });

  test('a long run of continuation bytes is refused after ten', () => {
    const bytes = new Uint8Array(1000).fill(0x80);
    bytes[0] = 12 * 8;
    const r = tryDecode(bytes);
    assert.ok(r instanceof ProfileError);
    assert.equal(r.code, 'ERR_PROFILE_INVALID');
  });

  test('three hundred thousand empty samples decode in one piece', () => {
    const bytes = [...pb.bytes(1, []), ...pb.strings([''])];
    const sample = pb.bytes(2, pb.packed(2, [0]));
    const buf = new Uint8Array(bytes.length + sample.length * 300_000);
    buf.set(bytes);
    for (let i = 0; i < 300_000; i++) buf.set(sample, bytes.length + i * sample.length);
    const p = decodeProfile(buf);
    assert.equal(p.sample.length, 300_000);
  });

  test('a packed field claiming more than its message holds', () => {
    // Sample length 3 containing a packed field whose length says 100.
    const r = tryDecode(Uint8Array.from([...pb.bytes(1, []), ...pb.strings(['']), 2 * 8 + 2, 3, 1 * 8 + 2, 100, 1]));
    assert.ok(r instanceof ProfileError);
    assert.equal(r.code, 'ERR_PROFILE_TRUNCATED');
    assert.match(r.message, /^parsing profile: sample 0: too much data: length 100/);
  });

  test('a varint running past the end of its packed field', () => {
    const r = tryDecode(Uint8Array.from([...pb.bytes(1, []), ...pb.strings(['']), ...pb.bytes(2, [2 * 8 + 2, 1, 0x80, 0x01])]));
    assert.ok(r instanceof ProfileError);
    assert.equal(r.code, 'ERR_PROFILE_TRUNCATED');
  });
});
