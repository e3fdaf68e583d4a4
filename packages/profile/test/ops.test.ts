// The operations on the working profile that are merges: merge itself, diff
// (net/http/pprof's delta) and compact (Go's Profile.Compact), stated as
// collapsed stacks and checked against go tool pprof's -base on real Go
// profiles.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  columnsOf,
  compact,
  decodeProfile,
  diff,
  encodeProfile,
  loadProfile,
  merge,
  mergeSideBySide,
  parseCollapsed,
  ProfileError,
  setLabel,
  toCollapsed,
  toProfile,
  type Profile,
  type WProfile,
} from '../src/index.js';
import { goPprof, repoRoot, withTempDir } from './helpers.js';
import { requires } from '@fluoro/testkit';

function collapsed(text: string): Profile {
  return parseCollapsed(text);
}

/** lines renders a working profile as its collapsed stacks after an encode/decode round trip. */
function lines(w: WProfile): string[] {
  return toCollapsed(decodeProfile(encodeProfile(toProfile(w)))).trim().split('\n').filter((l) => l !== '');
}

/** frameNames lists the function name of each location, in location order. */
function frameNames(w: WProfile): string[] {
  return w.location.map((l) => l.line.map((ln) => ln.function.name).join('+'));
}

describe('diff', () => {
  test('subtracts matching stacks, keeps vanished ones negative and drops zeros', () => {
    const before = collapsed('main;serve;parse 5\nmain;idle 2\nmain;gone 4\n');
    const after = collapsed('main;serve;parse 9\nmain;idle 2\nmain;fresh 1\n');
    const d = diff(columnsOf(before), columnsOf(after));
    assert.deepEqual(lines(d).sort(), ['main;fresh 1', 'main;gone -4', 'main;serve;parse 4']);
    // Go merges the scaled base first, so its locations come first; `idle`
    // cancelled out and went with its sample.
    assert.deepEqual(frameNames(d), ['parse', 'serve', 'main', 'gone', 'fresh']);
    assert.deepEqual(d.location.map((l) => l.id), [1, 2, 3, 4, 5]);
  });

  test('of a profile and itself is empty', () => {
    const text = 'main;a 3\nmain;b 4\n';
    const d = diff(columnsOf(collapsed(text)), columnsOf(collapsed(text)));
    assert.equal(d.samples.count, 0);
    assert.equal(d.location.length, 0);
    assert.equal(d.function.length, 0);
  });

  test('refuses profiles of different types with Go message', () => {
    const a = collapsed('main 1\n');
    const b = collapsed('main 1\n');
    b.sampleType = [{ type: 'cpu', unit: 'nanoseconds' }];
    assert.throws(
      () => diff(columnsOf(a), columnsOf(b)),
      (err: unknown) => err instanceof ProfileError && err.code === 'ERR_PROFILE_INCOMPATIBLE' &&
        err.message === 'incompatible sample types [{samples count 0 0}] and [{cpu nanoseconds 0 0}]',
    );
  });

  test('gives go tool pprof -base its stacks on real Go profiles', { skip: requires('go') }, () => {
    const before = join(repoRoot, 'testdata/go/cpu.pb.gz');
    const after = join(repoRoot, 'testdata/go/cpu2.pb.gz');
    const ours = lines(diff(loadProfile(readFileSync(before)), loadProfile(readFileSync(after)))).sort();
    const theirs = withTempDir((dir) => {
      const out = join(dir, 'delta.pb.gz');
      goPprof(['-proto', `-output=${out}`, `-base=${before}`], after);
      return toCollapsed(decodeProfile(readFileSync(out))).trim().split('\n').sort();
    });
    assert.ok(ours.some((l) => / -\d+$/.test(l)), 'expected negative samples');
    assert.deepEqual(ours, theirs);
  });
});

describe('compact', () => {
  test('adds up equal samples and drops locations no sample uses', () => {
    const w = merge([columnsOf(collapsed('main;a 3\nmain;b 4\n'))]);
    setLabel(w, 'k', ['v']);
    // Drop the samples through `a`, as a filter would: its location stays.
    const s = w.samples;
    const b = frameNames(w)[s.frames[s.start[0]]] === 'a' ? 1 : 0;
    // Then add a second sample with b's stack and labels.
    w.samples = {
      ...s,
      count: 2,
      start: Int32Array.of(s.start[b], s.start[b]),
      end: Int32Array.of(s.end[b], s.end[b]),
      values: Float64Array.of(s.values[b], 6),
      labels: [s.labels[b], s.labels[b]],
    };
    assert.deepEqual(frameNames(w), ['a', 'main', 'b']);
    const c = compact(w);
    assert.deepEqual(frameNames(c), ['b', 'main']);
    assert.deepEqual(lines(c), ['main;b 10']);
    assert.equal(c.samples.count, 1);
    assert.deepEqual([...c.samples.labels[0].label], [['k', ['v']]]);
    // The source is left as it was.
    assert.deepEqual(frameNames(w), ['a', 'main', 'b']);
    assert.deepEqual(lines(w), ['main;b 10']);
  });
});

describe('merge', () => {
  test('merges away samples that sum to zero, with their locations, as Go does', () => {
    const p = merge([columnsOf(collapsed('main;a 3\nmain;b 4\n')), columnsOf(collapsed('main;a -3\n'))]);
    assert.deepEqual(lines(p), ['main;b 4']);
    assert.deepEqual(frameNames(p), ['b', 'main']);
  });
});

describe('mergeSideBySide', () => {
  test('labels each part under the key, merges equal stacks per part, and keeps the longest duration and earliest time', () => {
    const a = collapsed('main;work 3\nmain;idle 1\n');
    a.durationNanos = 2e9;
    a.timeNanos = 5e9;
    const b = collapsed('main;work 4\n');
    b.durationNanos = 3e9;
    b.timeNanos = 4e9;
    const m = mergeSideBySide(
      [
        { name: 'main', profile: a },
        { name: 'worker-1', profile: b },
      ],
      'thread',
    );
    assert.equal(m.durationNanos, 3e9);
    assert.equal(m.timeNanos, 4e9);
    const byThread = (t: string) => toCollapsed({ ...m, sample: m.sample.filter((s) => s.label.some((l) => l.key === 'thread' && l.str === t)) });
    assert.equal(byThread('main'), 'main;idle 1\nmain;work 3\n');
    assert.equal(byThread('worker-1'), 'main;work 4\n');
    assert.equal(toCollapsed(m), 'main;idle 1\nmain;work 7\n');
  });

  test('refuses parts of different sample types', () => {
    const a = collapsed('main 1\n');
    const b = { ...collapsed('main 1\n'), sampleType: [{ type: 'alloc_space', unit: 'bytes' }] };
    assert.throws(() => mergeSideBySide([{ name: '1', profile: a }, { name: '2', profile: b }], 'pid'), (err: unknown) => err instanceof ProfileError && err.code === 'ERR_PROFILE_INCOMPATIBLE');
  });
});
