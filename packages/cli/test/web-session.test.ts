// A web session reuses what one request prepared for the next: the prepared
// profile of the same settings, the profile aggregated to a granularity, and
// the frame index and node values computed from them. Every view must be
// what a session that never saw another request computes, in whatever order
// requests come, and the session's own profile must never change.

import { strict as assert } from 'node:assert';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { encodeProfile, toProfile } from '@fluoro/profile';
import { fetchProfiles } from '../src/driver/fetch.js';
import { parseFlags } from '../src/driver/flags.js';
import { FLAG_SPECS, sourceFromFlags, configFromFlags } from '../src/driver/options.js';
import { API } from '../src/web/api.js';
import type { ViewName } from '../src/web/contract.js';
import { newSession, type Session } from '../src/web/session.js';

process.env.TZ = 'UTC';
const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

// Requests as a user might make them: views of one setting, filters that
// pick samples, filters that rewrite locations, other granularities and
// values, and back again.
const REQUESTS: [ViewName, string][] = [
  ['flamegraph', ''],
  ['top', ''],
  ['graph', ''],
  ['peek', 'f=main'],
  ['flamegraph', 'f=main'],
  ['top', 'f=main&i=runtime'],
  ['top', 'g=lines'],
  ['flamegraph', 'h=runtime'],
  ['top', 'h=runtime'],
  ['top', 'sf=main'],
  ['top', 'si=0'],
  ['top', 'mean=true'],
  ['top', 'rel=true&f=main'],
  ['source', 'f=main'],
  ['tags', ''],
  ['sandwich', 'f=main'],
  ['top', 'g=lines'],
  ['flamegraph', ''],
  ['top', ''],
  ['graph', 'n=5'],
];

async function session(file: string): Promise<Session> {
  const { flags, rest } = parseFlags([file], FLAG_SPECS);
  const cfg = configFromFlags(flags);
  const ui = { print() {}, printErr() {} };
  return newSession(await fetchProfiles(sourceFromFlags(flags, rest, cfg), ui), flags, rest);
}

async function view(s: Session, name: ViewName, query: string): Promise<string> {
  try {
    return JSON.stringify(await API[name](s, new URLSearchParams(query)));
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

for (const fixture of ['testdata/go/cpu.pb.gz', 'testdata/go/allocs.pb.gz']) {
  test(`a long-lived session's views of ${fixture} are a fresh session's`, async () => {
    const file = join(root, fixture);
    const s = await session(file);
    const before = encodeProfile(toProfile(s.profile));
    for (const [name, query] of REQUESTS) {
      const fresh = await session(file);
      assert.equal(await view(s, name, query), await view(fresh, name, query), `${name}?${query}`);
    }
    assert.deepEqual(encodeProfile(toProfile(s.profile)), before, "the session's profile changed");
  });
}
