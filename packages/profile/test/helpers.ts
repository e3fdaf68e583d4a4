// Shared test helpers: where the Go fixtures are, how to run `go tool
// pprof`, a seeded PRNG, and a tiny protobuf writer for hand-made inputs
// (written against the wire format, not against the codec under test).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** repoRoot is the repository's top folder (tests run from packages/profile/dist/test). */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** goFixtures lists the real Go profiles in testdata/go, failing if there are none. */
export function goFixtures(): string[] {
  const dir = join(repoRoot, 'testdata', 'go');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.pb.gz'))
    .sort()
    .map((f) => join(dir, f));
  if (files.length === 0) throw new Error(`no *.pb.gz fixtures in ${dir}`);
  return files;
}

/** withTempDir runs fn with a fresh temporary folder and removes it afterwards. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'fluoro-profile-test-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** goPprof runs `go tool pprof ARGS FILE` and returns its standard output. */
export function goPprof(args: string[], file: string): string {
  return withTempDir((dir) =>
    execFileSync('go', ['tool', 'pprof', ...args, file], {
      env: { ...process.env, PPROF_TMPDIR: dir },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** goPprofBytes writes bytes to a temporary file and runs `go tool pprof ARGS` on it. */
export function goPprofBytes(args: string[], bytes: Uint8Array): string {
  return withTempDir((dir) => {
    const file = join(dir, 'profile.pb.gz');
    writeFileSync(file, bytes);
    return goPprof(args, file);
  });
}

/** prng returns a seeded generator of floats in [0, 1) (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** varint encodes an unsigned or two's complement 64-bit integer as a protobuf varint. */
export function varint(v: number | bigint): number[] {
  let u = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  while (u > 0x7fn) {
    out.push(Number(u & 0x7fn) | 0x80);
    u >>= 7n;
  }
  out.push(Number(u));
  return out;
}

/** pb builds protobuf fields by hand: pb.int(field, v), pb.bytes(field, ...), pb.packed(field, values). */
export const pb = {
  int(field: number, v: number | bigint): number[] {
    return [...varint(field * 8), ...varint(v)];
  },
  bytes(field: number, payload: number[] | string): number[] {
    const body = typeof payload === 'string' ? [...Buffer.from(payload, 'utf8')] : payload;
    return [...varint(field * 8 + 2), ...varint(body.length), ...body];
  },
  packed(field: number, values: (number | bigint)[]): number[] {
    return pb.bytes(field, values.flatMap((v) => varint(v)));
  },
  fixed64(field: number): number[] {
    return [...varint(field * 8 + 1), 1, 2, 3, 4, 5, 6, 7, 8];
  },
  fixed32(field: number): number[] {
    return [...varint(field * 8 + 5), 1, 2, 3, 4];
  },
  strings(values: string[]): number[] {
    return values.flatMap((s) => pb.bytes(6, s));
  },
};
