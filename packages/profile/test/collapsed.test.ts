// Collapsed (folded) stacks. toCollapsed is checked against Go: the same
// folded text is built from `go tool pprof -raw` output (Go's own reading of
// the file: sample values, location ids, and each location's lines), so the
// test does not trust our decoder to check our decoder. parseCollapsed is
// checked by round trips and by Go reading what it produced.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, test } from 'node:test';
import {
  decodeProfile,
  emptyProfile,
  encodeProfile,
  parseCollapsed,
  ProfileError,
  toCollapsed,
  type Location,
  type ProfileFunction,
} from '../src/index.js';
import { goFixtures, goPprof, goPprofBytes } from './helpers.js';
import { requires } from '@fluoro/testkit';

// foldedFromGoRaw rebuilds folded stacks from `go tool pprof -raw` text:
// frames named by function (innermost inlined line first in Go's listing),
// stacks root first, equal stacks summed, zero sums dropped, lines sorted.
function foldedFromGoRaw(raw: string, sampleIndex?: number): string {
  const lines = raw.split('\n');
  let i = lines.indexOf('Samples:');
  assert.ok(i >= 0, 'no Samples: in go tool pprof -raw output');
  const types = lines[++i].trim().split(/\s+/);
  let index = types.findIndex((t) => t.endsWith('[dflt]'));
  if (index < 0) index = types.length - 1;
  index = sampleIndex ?? index;

  const samples: { value: number; ids: number[] }[] = [];
  for (i++; lines[i] !== 'Locations'; i++) {
    const m = /^\s*(-?\d+(?:\s+-?\d+)*):((?: \d+)*) ?$/.exec(lines[i]);
    if (!m) continue; // a label line
    const values = m[1].trim().split(/\s+/).map(Number);
    samples.push({ value: values[index], ids: m[2].trim() === '' ? [] : m[2].trim().split(' ').map(Number) });
  }

  const frames = new Map<number, string[]>();
  let current: string[] = [];
  for (i++; lines[i] !== 'Mappings' && i < lines.length; i++) {
    const head = /^\s+(\d+): (0x[0-9a-f]+) (?:M=\d+ )?(?:\[F\] )?(.*)$/.exec(lines[i]);
    if (head) {
      current = [];
      frames.set(Number(head[1]), current);
      current.push(head[3].trim() === '' ? head[2] : head[3].split(' ')[0]);
    } else if (lines[i].trim() !== '') {
      current.push(lines[i].trim().split(' ')[0]);
    }
  }

  const totals = new Map<string, number>();
  for (const s of samples) {
    const stack: string[] = [];
    for (let k = s.ids.length - 1; k >= 0; k--) stack.push(...[...frames.get(s.ids[k])!].reverse());
    const key = stack.join(';');
    totals.set(key, (totals.get(key) ?? 0) + s.value);
  }
  return [...totals]
    .filter(([, v]) => v !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k} ${v}\n`)
    .join('');
}

describe('toCollapsed agrees with go tool pprof', () => {
  for (const file of goFixtures()) {
    test(basename(file), { skip: requires('go') }, () => {
      const p = decodeProfile(readFileSync(file));
      const raw = goPprof(['-raw'], file);
      const ours = toCollapsed(p);
      assert.equal(ours, foldedFromGoRaw(raw));
      for (let k = 0; k < p.sampleType.length; k++) assert.equal(toCollapsed(p, k), foldedFromGoRaw(raw, k));
    });
  }

  test('the CPU fixture shows its culprits with inlined frames expanded', () => {
    const p = decodeProfile(readFileSync(goFixtures().find((f) => f.endsWith('/cpu.pb.gz'))!));
    const text = toCollapsed(p);
    assert.match(text, /;main\.hashLoop;main\.mix \d+\n/);
    assert.match(text, /;main\.fib;main\.fib;main\.fib;/);
    for (const line of text.trimEnd().split('\n')) assert.match(line, /^[^ ].* \d+$/);
  });
});

describe('toCollapsed details', () => {
  const fn = (id: number, name: string): ProfileFunction => ({ id, name, systemName: name, filename: '', startLine: 0 });
  const main = fn(1, 'main');
  const a = fn(2, 'a');
  const b = fn(3, 'b');
  const mainLoc: Location = { id: 1, address: 0n, line: [{ function: main, line: 1, column: 0 }], isFolded: false };
  // b inlined into a: one location, innermost line first.
  const abLoc: Location = {
    id: 2,
    address: 0x10n,
    line: [
      { function: b, line: 2, column: 0 },
      { function: a, line: 3, column: 0 },
    ],
    isFolded: false,
  };
  const bare: Location = { id: 3, address: 0xbeefn, line: [], isFolded: false };
  const profile = () => {
    const p = emptyProfile([
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ]);
    p.location.push(mainLoc, abLoc, bare);
    p.function.push(main, a, b);
    p.sample.push(
      { location: [abLoc, mainLoc], value: [1, 10], label: [] },
      { location: [abLoc, mainLoc], value: [2, 20], label: [{ key: 'k', str: 'v' }] },
      { location: [mainLoc], value: [3, -30], label: [] },
      { location: [bare, mainLoc], value: [0, 0], label: [] },
      { location: [bare, mainLoc], value: [4, 5], label: [] },
      { location: [bare, mainLoc], value: [-4, -5], label: [] },
    );
    return p;
  };

  test('sums equal stacks, drops zero sums, keeps negatives, sorts, expands inlined frames', () => {
    assert.equal(toCollapsed(profile()), 'main -30\nmain;a;b 30\n');
    assert.equal(toCollapsed(profile(), 0), 'main 3\nmain;a;b 3\n');
  });

  test('a location without lines is named by its address', () => {
    const p = profile();
    p.sample[5].value = [0, 0];
    assert.equal(toCollapsed(p), 'main -30\nmain;0xbeef 5\nmain;a;b 30\n');
  });

  test('the default sample type wins over the last', () => {
    const p = profile();
    p.defaultSampleType = 'samples';
    assert.equal(toCollapsed(p), 'main 3\nmain;a;b 3\n');
    p.defaultSampleType = 'no such type';
    assert.equal(toCollapsed(p), 'main -30\nmain;a;b 30\n');
  });

  test('a bad sampleIndex is a TypeError naming it', () => {
    assert.throws(() => toCollapsed(profile(), 2), { name: 'TypeError', message: /sampleIndex/ });
    assert.throws(() => toCollapsed(profile(), -1), TypeError);
    assert.throws(() => toCollapsed(profile(), 0.5), TypeError);
  });

  test('an empty profile is empty text', () => {
    assert.equal(toCollapsed(emptyProfile([])), '');
    assert.equal(toCollapsed(emptyProfile([{ type: 'samples', unit: 'count' }])), '');
  });
});

describe('parseCollapsed', () => {
  const text = 'main;a;b 3\nmain;a 2\nmain;c;b 5\n\nmain;a;b 4\r\nother 1\n';

  test('reads folded stacks into a profile that toCollapsed gives back, merged and sorted', () => {
    const p = parseCollapsed(text);
    assert.deepEqual(p.sampleType, [{ type: 'samples', unit: 'count' }]);
    assert.equal(p.sample.length, 5);
    assert.equal(p.function.length, 5);
    assert.deepEqual(
      p.sample[0].location.map((l) => l.line[0].function.name),
      ['b', 'a', 'main'],
    );
    assert.equal(toCollapsed(p), 'main;a 2\nmain;a;b 7\nmain;c;b 5\nother 1\n');
  });

  test('the result encodes, decodes, and reads in go tool pprof', { skip: requires('go') }, () => {
    const p = parseCollapsed(text, { type: 'cpu', unit: 'nanoseconds' });
    const bytes = encodeProfile(p);
    assert.deepStrictEqual(decodeProfile(bytes), p);
    const raw = goPprofBytes(['-raw'], bytes);
    assert.equal(foldedFromGoRaw(raw), toCollapsed(p));
    assert.match(raw, /^cpu\/nanoseconds$/m);
  });

  test('round-trips the collapsed text of a real profile', () => {
    const p = decodeProfile(readFileSync(goFixtures().find((f) => f.endsWith('/cpu.pb.gz'))!));
    const folded = toCollapsed(p);
    assert.equal(toCollapsed(parseCollapsed(folded)), folded);
  });

  test('names a bad line', () => {
    for (const bad of ['main;a', 'main;a x', 'main;a 1.5', ' 5', 'a 99999999999999999999']) {
      assert.throws(
        () => parseCollapsed(`ok 1\n${bad}\n`),
        (err: unknown) => err instanceof ProfileError && err.code === 'ERR_PROFILE_INVALID' && /line 2/.test(err.message),
        bad,
      );
    }
  });
});
