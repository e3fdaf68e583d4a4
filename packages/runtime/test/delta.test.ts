// Delta profiles as Go's net/http/pprof makes them: after minus before.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeProfile, encodeProfile, parseCollapsed, toCollapsed } from '@fluoro/profile';
import { deltaProfile } from '../src/delta.js';

describe('deltaProfile', () => {
  it('subtracts matching stacks, keeps vanished ones negative and drops zeros', () => {
    const before = { ...parseCollapsed('main;serve;parse 5\nmain;idle 2\nmain;gone 4\n'), timeNanos: 1e9 };
    const after = { ...parseCollapsed('main;serve;parse 9\nmain;idle 2\nmain;fresh 1\n'), timeNanos: 4e9 };
    const delta = deltaProfile(before, after);
    assert.equal(delta.durationNanos, 3e9);
    assert.equal(delta.timeNanos, 4e9);
    const roundTripped = decodeProfile(encodeProfile(delta));
    assert.deepEqual(toCollapsed(roundTripped).trim().split('\n').sort(), ['main;fresh 1', 'main;gone -4', 'main;serve;parse 4']);
  });
});
