// The graph reports as data and their building blocks: dot naming and
// colours, edge order, redundant residual edges, source path trimming, and
// -tree/-list data; plus a live comparison with go tool pprof when Go is
// installed (the goldens in testdata/golden/cases-graph.txt cover the rest).

import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { removeRedundantEdges, sortEdges } from '../src/graph/edges.js';
import type { GraphEdge, GraphNode } from '../src/graph/graph.js';
import { joinLabels } from '../src/graph/tags.js';
import { dotColor, escapeForDot, multilinePrintableName, shortenFunctionName } from '../src/report/dotstyle.js';
import { trimSourcePath } from '../src/report/sourcefile.js';
import { runPprof } from '../src/index.js';
import { requires } from '@fluoro/testkit';

process.env.TZ = 'UTC';
const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const mainJs = join(root, 'packages/cli/dist/src/main.js');
const cpu = join(root, 'testdata/go/cpu.pb.gz');

test('shortenFunctionName drops package paths, module versions and namespaces', () => {
  const cases: [string, string][] = [
    ['main.hashLoop', 'main.hashLoop'],
    ['runtime/pprof.Do', 'pprof.Do'],
    ['github.com/acme/widget/v2/store.(*DB).Get', 'store.(*DB).Get'],
    ['example.com/mod/v10.Run', 'mod.Run'],
    ['java.util.HashMap.get', 'HashMap.get'],
    ['com.acme.Server$Handler.run(Server.java:10)', 'Server$Handler.run'],
    ['ns::sub::Widget::draw', 'Widget::draw'],
    ['(anonymous namespace)::Helper::run', 'Helper::run'],
    ['signOrder', 'signOrder'],
  ];
  for (const [name, want] of cases) assert.equal(shortenFunctionName(name), want, name);
});

test('multilinePrintableName breaks at dots and keeps [...] whole', () => {
  const info = { name: 'example.com/x.Map[...].Get', origName: '', address: 0n, file: '/src/x/map.go', startLine: 0, lineno: 12, objfile: '' };
  assert.equal(multilinePrintableName(info), 'x\\nMap[…]\\nGet\\nmap.go:12\\n');
  assert.equal(multilinePrintableName({ ...info, name: '', lineno: 0, file: '', objfile: '/bin/app', address: 0x1234n }),
    '0000000000001234\\n[app]\\n');
});

test('escapeForDot escapes quotes and backslashes and left-justifies newlines', () => {
  assert.equal(escapeForDot('a "b" \\c\nd'), 'a \\"b\\" \\\\c\\ld');
});

test('dotColor: grey near zero, red for positive, green for negative scores', () => {
  assert.equal(dotColor(0, false), '#b2b2b2');
  assert.equal(dotColor(0, true), '#ededed');
  assert.equal(dotColor(1, false), '#b20000');
  assert.equal(dotColor(1, true), '#edd5d5');
  assert.equal(dotColor(-1, false), '#00b200');
  assert.equal(dotColor(2, false), dotColor(1, false));
});

test('joinLabels sorts key:value pairs and joins them with a dot line break', () => {
  const m = new Map([['region', ['eu']], ['handler', ['checkout', 'api']], ['pprof::base', ['true']]]);
  assert.equal(joinLabels(m), 'handler:api\\nhandler:checkout\\nregion:eu');
  assert.equal(joinLabels(new Map()), '');
});

function node(name: string): GraphNode {
  const info = { name, origName: '', address: 0n, file: '', startLine: 0, lineno: 0, objfile: '' };
  return { id: 0, info, key: name, name, flat: 0, flatDiv: 0, cum: 0, cumDiv: 0, in: new Map(), out: new Map() };
}

function edge(src: GraphNode, dest: GraphNode, weight: number, residual = false): GraphEdge {
  const e = { src, dest, weight, weightDiv: 0, inline: false, residual };
  src.out.set(dest, e);
  dest.in.set(src, e);
  return e;
}

test('edges sort by |weight|, then caller, then callee', () => {
  const [a, b, c] = ['a', 'b', 'c'].map(node);
  const es = [edge(b, c, 5), edge(a, c, 5), edge(a, b, -7), edge(c, a, 1)];
  assert.deepEqual(sortEdges(es).map((e) => `${e.src.name}>${e.dest.name}`), ['a>b', 'a>c', 'b>c', 'c>a']);
});

test('removeRedundantEdges drops a residual edge whose target is reachable another way', () => {
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(node);
  edge(a, b, 10);
  edge(b, c, 10);
  edge(a, c, 2, true); // a ... c is also a -> b -> c
  edge(a, d, 3, true); // the only way to d
  removeRedundantEdges({ nodes: [a, b, c, d] });
  assert.deepEqual([...a.out.keys()].map((n) => n.name).sort(), ['b', 'd']);
  assert.deepEqual([...c.in.keys()].map((n) => n.name), ['b']);
});

test('trimSourcePath: -trim_path prefixes, /proc/self/cwd, and the -source_path base name guess', () => {
  assert.equal(trimSourcePath('/build/app/src/x.go', '/build/app', ''), 'src/x.go');
  assert.equal(trimSourcePath('/build/app/src/x.go', '/nope:/build/', ''), 'app/src/x.go');
  assert.equal(trimSourcePath('/proc/self/cwd/src/x.go', '', ''), 'src/x.go');
  assert.equal(trimSourcePath('/remote/ws/my-proj/src/x.go', '', '/home/me/my-proj'), 'src/x.go');
  // The guess is only made without -trim_path.
  assert.equal(trimSourcePath('/remote/ws/my-proj/src/x.go', '/other', '/home/me/my-proj'), '/remote/ws/my-proj/src/x.go');
});

test('-peek shows only matching nodes with their callers and callees', async () => {
  const out = (await runPprof(['-peek=^main\\.hashLoop$', cpu])).output;
  assert.match(out, /\n +1\.10s +100% \|   main\.cpuWorkload\.func1\.1\n +0\.49s 22\.69% 22\.69% +1\.10s 50\.93% +\| main\.hashLoop\n +0\.61s 55\.45% \|   main\.mix \(inline\)\n/);
  assert.doesNotMatch(out, /\| sort\./);
});

test('-list without matches and -peek with a bad regexp fail with pprof\'s messages', () => {
  const list = spawnSync(process.execPath, [mainJs, 'pprof', '-list=nothing_matches', cpu], { encoding: 'utf8' });
  assert.equal(list.status, 1);
  assert.equal(list.stderr, 'no matches found for regexp: nothing_matches\n');
  const peek = spawnSync(process.execPath, [mainJs, 'pprof', '-peek=(', cpu], { encoding: 'utf8' });
  assert.equal(peek.status, 1);
  assert.equal(peek.stderr, 'parsing argument regexp (: error parsing regexp: missing closing ): `(`\n');
});


for (const args of [
  ['-dot', '-nodecount=15', '-lines'],
  ['-tree', '-cum', '-nodecount=12'],
  ['-peek=sort\\.', '-noinlines'],
  ['-list=main\\.fib'],
  // -top trims file names as the graph reports do, guessing from -source_path without -trim_path.
  ['-top', '-lines', '-nodecount=8', '-source_path=/elsewhere/testdata'],
]) {
  test(`live: go tool pprof ${args.join(' ')} equals fluoro`, { skip: requires('go') }, () => {
    const all = [...args, cpu, join(root, 'testdata/go/cpu2.pb.gz')];
    const env = { ...process.env, TZ: 'UTC', PPROF_TMPDIR: tmpdir() };
    const want = execFileSync('go', ['tool', 'pprof', ...all], { env, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    const got = execFileSync(process.execPath, [mainJs, 'pprof', ...all], { env }).toString();
    assert.equal(got, want);
  });
}

// With -diff_base an edge of +w and one of -w compare equal in pprof's edge
// order, and Go's sort leaves them in map order, which changes from run to
// run: Go's own output is not stable there, so the lines are compared as a set.
test('live: go tool pprof -dot -diff_base has the same lines as fluoro', { skip: requires('go') }, () => {
  const all = ['-dot', `-diff_base=${join(root, 'testdata/go/cpu2.pb.gz')}`, cpu];
  const env = { ...process.env, TZ: 'UTC', PPROF_TMPDIR: tmpdir() };
  const want = execFileSync('go', ['tool', 'pprof', ...all], { env, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  const got = execFileSync(process.execPath, [mainJs, 'pprof', ...all], { env }).toString();
  assert.deepEqual(got.split('\n').sort(), want.split('\n').sort());
  // Nodes (numbered in entropy order, wrap-arounds included) are in Go's order.
  const nodes = (s: string) => s.split('\n').filter((l) => /^N\d+ \[/.test(l));
  assert.deepEqual(nodes(got), nodes(want));
});

test('renderDot and dotReport on a prepared report give -dot and its data (the web UI path)', async () => {
  const { fetchProfiles } = await import('../src/driver/fetch.js');
  const { parsePprofArgs, prepareReport } = await import('../src/driver/pprof.js');
  const { collectingUI } = await import('../src/driver/ui.js');
  const { dotReport, renderDot, composeDot } = await import('../src/index.js');
  const prepare = async () => {
    const inv = parsePprofArgs(['-dot', '-nodecount=10', cpu]);
    return prepareReport(await fetchProfiles(inv.source, collectingUI([])), inv.cfg);
  };
  const want = (await runPprof(['-dot', '-nodecount=10', cpu])).output;
  assert.equal(renderDot(await prepare()), want);
  const data = dotReport(await prepare());
  // Nodelets count against -nodecount in visual reports: 10 boxes, 6 nodes.
  assert.equal(data.graph.nodes.length, 6);
  assert.equal(data.graph.nodes[0].name, 'runtime/pprof.Do');
  assert.ok(data.graph.nodes[1].tags?.label.has('handler:checkout\\nregion:eu'));
  assert.equal(data.config.title, 'gofixture');
  assert.equal(composeDot(data), want);
});

// In a call tree two nodes of the same frame can tie in every sort key, and
// Go leaves them in map order: its -call_tree output on cpu.pb.gz changes
// from run to run, so the lines are compared as a set there.
test('live: go tool pprof -dot -call_tree has the same lines as fluoro', { skip: requires('go') }, () => {
  const all = ['-dot', '-call_tree', cpu];
  const env = { ...process.env, TZ: 'UTC', PPROF_TMPDIR: tmpdir() };
  const want = execFileSync('go', ['tool', 'pprof', ...all], { env, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  const got = execFileSync(process.execPath, [mainJs, 'pprof', ...all], { env }).toString();
  // Node numbers differ where Go's order does; names, values and tooltips must not.
  const labels = (s: string) => s.split('\n').map((l) => l.replace(/\bN+\d+(_\d+)?\b/g, 'N').replace(/node\d+/, 'node')).sort();
  assert.deepEqual(labels(got), labels(want));
});
