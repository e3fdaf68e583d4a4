// The analyzer's paths for big profiles (the column decoder, merge leaving
// equal samples apart, the inflated bytes given back as soon as they are
// decoded) on a generated profile big enough to take them all
// (scripts/gen-big-profile.mjs: labels, inlined frames, recursion,
// addresses above 2^53), checked against go tool pprof.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { requires } from '@fluoro/testkit';
import { releaseBytes } from '../src/driver/files.js';
import { runPprof } from '../src/index.js';

process.env.TZ = 'UTC';
const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

test('releaseBytes empties a buffer only the caller holds and leaves small ones to the collector', async () => {
  const big = new Uint8Array(2 << 20).fill(7);
  await releaseBytes(big);
  assert.equal(big.length, 0);
  const small = Buffer.from('a profile');
  await releaseBytes(small);
  assert.equal(small.toString(), 'a profile');
});

test('a generated 3 MB profile prints go tool pprof\'s reports', { skip: requires('go') }, async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'fluoro-big-')), 'big-3mb.pb.gz');
  const gen = spawnSync(process.execPath, [join(root, 'scripts/gen-big-profile.mjs'), '--size-mb', '3', '--out', file], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  for (const flags of [['-top', '-nodecount=20'], ['-dot', '-nodecount=20'], ['-peek=Encode'], ['-traces'], ['-raw']]) {
    const go = spawnSync('go', ['tool', 'pprof', ...flags, file], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, TZ: 'UTC' } });
    assert.equal(go.status, 0, go.stderr);
    assert.equal((await runPprof([...flags, file])).output, go.stdout, flags.join(' '));
  }
});
