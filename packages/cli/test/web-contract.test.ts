// The web UI's contract against the real server: `fluoro pprof -http` serves
// exactly the contract's views, and every view's JSON has exactly the fields
// and kinds that contract.ts declares (checked by contract-shapes.ts), on a
// plain profile and on a diff, where the flame graph's optional delta
// column appears. The URL settings are checked against pprof's flags.

import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { FLAG_SPECS } from '../src/driver/options.js';
import { API } from '../src/web/api.js';
import { checkView, VIEW_SHAPES } from '../src/web/contract-shapes.js';
import { PAGE_NAMES, pagePath, URL_SETTINGS, VIEW_NAMES, type UrlSetting, type ViewJSON, type ViewName } from '../src/web/contract.js';
import { flagsFromURL } from '../src/web/params.js';
import { checkShape } from '../src/web/shape.js';
import { serve, type Served } from './web-harness.js';

const CPU = 'testdata/go/cpu.pb.gz';
// The function views need a function; hashLoop has callers, callees and source lines.
const F = new URLSearchParams({ f: '^main\\.hashLoop$' });
const QUERY: Partial<Record<ViewName, URLSearchParams>> = { sandwich: F, peek: F, source: F };

let plain: Served;
let diff: Served;

before(async () => {
  // The Go fixture was built in /work/main; its sources are found in this checkout wherever it is.
  [plain, diff] = await Promise.all([
    serve(['-trim_path=/work/main', '-source_path=.', CPU]),
    serve(['-diff_base=testdata/go/cpu2.pb.gz', CPU]),
  ]);
});

after(async () => {
  await Promise.all([plain?.close(), diff?.close()]);
});

async function fetchView<N extends ViewName>(srv: Served, name: N): Promise<ViewJSON[N]> {
  const q = QUERY[name]?.toString() ?? '';
  const res = await fetch(`${srv.url}/ui/api/${name}${q ? '?' + q : ''}`);
  const body = await res.text();
  assert.equal(res.status, 200, `${name}: ${body}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/, name);
  return JSON.parse(body) as ViewJSON[N];
}

async function fetchAll(srv: Served): Promise<{ [N in ViewName]: ViewJSON[N] }> {
  const out: Partial<Record<ViewName, unknown>> = {};
  for (const name of VIEW_NAMES) out[name] = await fetchView(srv, name);
  return out as { [N in ViewName]: ViewJSON[N] };
}

test('the server implements exactly the contract views and pages', async () => {
  assert.deepEqual(Object.keys(API).sort(), [...VIEW_NAMES].sort());
  assert.deepEqual(Object.keys(VIEW_SHAPES).sort(), [...VIEW_NAMES].sort());
  assert.equal(new Set(VIEW_NAMES).size, VIEW_NAMES.length);
  for (const name of ['nope', '', 'META', 'meta/', 'toString', 'constructor', '__proto__', 'hasOwnProperty']) {
    const res = await fetch(`${plain.url}/ui/api/${name}`);
    assert.equal(res.status, 404, `/ui/api/${name}`);
    assert.equal(await res.text(), 'unknown view\n');
  }
  for (const p of PAGE_NAMES) {
    const res = await fetch(`${plain.url}/ui/${pagePath(p)}`);
    assert.equal(res.status, 200, p);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/, p);
  }
  // meta is data for every page, not a page of its own.
  assert.equal((await fetch(`${plain.url}/ui/meta`)).status, 404);
});

test('every view of a profile conforms to the contract', async () => {
  const v = await fetchAll(plain);
  for (const name of VIEW_NAMES) assert.deepEqual(checkView(name, v[name]), [], name);
  // The checks above looked at real rows, not empty arrays.
  assert.ok(v.meta.sampleTypes.length === 2);
  assert.ok(v.top.rows.length > 5 && v.top.labels.length > 0);
  assert.ok(v.flamegraph.flame.names.length > 5 && v.flamegraph.flame.delta === undefined);
  assert.ok(v.sandwich.callers.frame.length > 1 && v.sandwich.callees.frame.length > 1);
  const [entry] = v.peek.entries;
  assert.ok(entry.callers.length > 0 && entry.callees.length > 0, JSON.stringify(entry));
  const routines = v.source.list.functions.flatMap((f) => f.routines);
  assert.ok(routines.length > 0 && routines.every((r) => r.lines.length > 0 && r.error === undefined), JSON.stringify(v.source.list));
  assert.match(v.graph.svg, /^<\?xml|^<svg|<!DOCTYPE svg/);
  assert.ok(v.tags.text.length > 0);
});

test('every view of a diff conforms to the contract, with the delta column', async () => {
  const v = await fetchAll(diff);
  for (const name of VIEW_NAMES) assert.deepEqual(checkView(name, v[name]), [], name);
  assert.equal(v.meta.diff, true);
  assert.equal(v.flamegraph.flame.delta?.length, v.flamegraph.flame.frame.length);
});

test('the checker reports a server that drifts from the contract', async () => {
  const top = await fetchView(plain, 'top');
  const row = top.rows[0];
  const drift = (edit: (t: Record<string, unknown>) => void) => {
    const t = structuredClone(top) as unknown as Record<string, unknown>;
    edit(t);
    return checkView('top', t);
  };
  assert.deepEqual(drift(() => {}), []);
  assert.deepEqual(drift((t) => ((t.rows as object[])[1] = { ...row, extra: 1 })), ['$.rows[1]: extra field extra']);
  assert.deepEqual(drift((t) => delete (t.rows as Record<string, unknown>[])[2].cumFormat), ['$.rows[2]: missing field cumFormat']);
  assert.deepEqual(drift((t) => ((t.rows as Record<string, unknown>[])[0].flat = String(row.flat))), ['$.rows[0].flat: want number, got string']);
  assert.deepEqual(drift((t) => (t.labels = 'x')), ['$.labels: want array, got string']);
  assert.deepEqual(drift((t) => (t.total = null)), ['$.total: want number, got null']);
  assert.deepEqual(drift((t) => delete t.legend), ['$: missing field legend']);
  assert.deepEqual(checkView('top', []), ['$: want object, got array']);
  // An optional field may be absent but not of another kind.
  const flame = { names: [], files: [], frame: [], depth: [], cum: [], self: [], elided: 0, minValue: 0 };
  assert.deepEqual(checkShape(flame, VIEW_SHAPES.flamegraph.fields.flame), []);
  assert.deepEqual(checkShape({ ...flame, delta: [true] }, VIEW_SHAPES.flamegraph.fields.flame), ['$.delta[0]: want number, got boolean']);
});

test('URL settings stand for pprof flags of their kind, and every one is honoured', () => {
  const sample = { string: 'main', bool: 'true', int: '3', float: '0.25' } as const;
  const parsed = { string: 'main', bool: true, int: 3, float: 0.25 } as const;
  assert.equal(new Set(URL_SETTINGS.map((s) => s.name)).size, URL_SETTINGS.length);
  for (const s of URL_SETTINGS as readonly UrlSetting[]) {
    if (s.kind === 'choice') {
      assert.ok(s.choices && s.choices.length > 0, s.name);
      for (const c of s.choices) {
        assert.equal(FLAG_SPECS.get(c)?.kind, 'bool', `${s.name}=${c}`);
        const { flags, unsupported } = flagsFromURL(new Map(s.choices.map((o) => [o, true])), new URLSearchParams({ [s.name]: c }));
        assert.deepEqual(unsupported, []);
        assert.deepEqual(s.choices.filter((o) => flags.has(o)), [c], `${s.name}=${c} turns on ${c} alone`);
      }
      continue;
    }
    assert.equal(FLAG_SPECS.get(s.flag)?.kind, s.kind, `${s.name} -> -${s.flag}`);
    const { flags, unsupported } = flagsFromURL(new Map(), new URLSearchParams({ [s.name]: sample[s.kind] }));
    assert.deepEqual(unsupported, [], s.name);
    assert.equal(flags.get(s.flag), parsed[s.kind], s.name);
  }
});
