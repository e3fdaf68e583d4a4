// pprof's name simplification, checked against the real go tool pprof on a
// profile whose function names look like demangled C++.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { emptyProfile, encodeProfile, type Profile } from '@fluoro/profile';
import { removeMatching } from '../src/driver/demangle.js';
import { runPprof } from '../src/index.js';
import { requires } from '@fluoro/testkit';

const NAMES = [
  '<instance_members_initializer>',
  'std::vector<int>::push_back(int const&)',
  'get [Symbol.iterator]',
  'Foo.<init>',
  'main.(*List[...]).Push',
  'a(b)<c>d)e',
  'plain',
];

function namesProfile(): Profile {
  const p = emptyProfile([{ type: 'samples', unit: 'count' }]);
  p.function = NAMES.map((name, i) => ({ id: i + 1, name, systemName: name, filename: `f${i}.js`, startLine: 0 }));
  p.location = p.function.map((fn, i) => ({ id: i + 1, address: 0n, line: [{ function: fn, line: i + 1, column: 0 }], isFolded: false }));
  p.sample = p.location.map((loc, i) => ({ location: [loc], value: [i + 1], label: [] }));
  return p;
}

test('removeMatching cuts closed groups and stops at an unbalanced close, as pprof does', () => {
  assert.equal(removeMatching('a<b<c>>d', '<', '>'), 'ad');
  assert.equal(removeMatching('a<b>c>d<e>', '<', '>'), 'ac>d<e>');
  assert.equal(removeMatching('a<b>c<d', '<', '>'), 'ac<d');
});

test('names that look like demangled C++ print as go tool pprof prints them', { skip: requires('go') }, async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'fluoro-demangle-')), 'names.pb.gz');
  writeFileSync(file, encodeProfile(namesProfile()));
  const args = ['-top', '-lines', file];
  const want = execFileSync('go', ['tool', 'pprof', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, PPROF_TMPDIR: tmpdir() } });
  const got = (await runPprof(args)).output;
  const rows = (s: string) => s.split('\n').filter((l) => /\.js:\d+$/.test(l)).join('\n');
  assert.match(rows(want), / f0\.js:1$/m, 'go tool pprof drops the <...> name');
  assert.equal(rows(got), rows(want));
});
