// The interactive shell with piped input: each testdata/golden/shell/NAME.in
// session ("# args: ..." then the typed lines) must print what go tool
// pprof printed for it (NAME.out on stdout, NAME.err on stderr; made by
// scripts/make-shell-goldens.sh). Then the parts pprof cannot be compared
// on: command parsing, completion, files written by web/proto/svg.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fetchProfiles } from '../src/driver/fetch.js';
import { parsePprofArgs } from '../src/driver/pprof.js';
import { runShell } from '../src/driver/shell.js';
import { completeLine, parseCommandLine } from '../src/driver/shell-commands.js';
import { requires } from '@fluoro/testkit';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const dir = join(root, 'testdata/golden/shell');
const mainJs = join(root, 'packages/cli/dist/src/main.js');
const env = { ...process.env, TZ: 'UTC', PPROF_TMPDIR: mkdtempSync(join(tmpdir(), 'fluoro-shell-')) };

for (const f of readdirSync(dir).filter((x) => x.endsWith('.in'))) {
  const name = f.slice(0, -3);
  test(`shell session ${name} prints what go tool pprof prints`, () => {
    const [first, ...typed] = readFileSync(join(dir, f), 'utf8').split('\n');
    const args = first.replace(/^# args: /, '').split(/\s+/);
    const r = spawnSync(process.execPath, [mainJs, 'pprof', ...args], { cwd: root, env, input: typed.join('\n'), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(join(dir, name + '.out'), 'utf8'));
    assert.equal(r.stderr, readFileSync(join(dir, name + '.err'), 'utf8'));
  });
}

async function session(args: string[], lines: string[], cwd: string): Promise<{ out: string; err: string[]; opened: string[] }> {
  const inv = parsePprofArgs(args.map((a) => (a.startsWith('testdata/') ? join(root, a) : a)));
  const p = await fetchProfiles(inv.source, { print: () => {}, printErr: () => {} });
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString()));
  const err: string[] = [];
  const opened: string[] = [];
  input.end(lines.join('\n') + '\n');
  const prev = process.cwd();
  process.chdir(cwd);
  try {
    await runShell(p, inv.cfg, { input, stdout: output, stderr: (l) => err.push(l), terminal: false, open: (path) => opened.push(path) });
  } finally {
    process.chdir(prev);
  }
  return { out, err, opened };
}

test('web writes an SVG to a temporary file and opens it; proto and svg go to files', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'fluoro-shell-'));
  const r = await session(['testdata/go/cpu.pb.gz'], ['web', 'proto', 'svg', 'quit'], cwd);
  assert.equal(r.opened.length, 1);
  assert.match(readFileSync(r.opened[0], 'utf8'), /<svg/);
  assert.ok(r.err.includes(`Generating report in ${r.opened[0]}`), r.err.join('\n'));
  assert.ok(r.err.includes('Generating report in profile001.pb.gz'), r.err.join('\n'));
  assert.ok(r.err.includes('Generating report in profile001.svg'), r.err.join('\n'));
  assert.ok(existsSync(join(cwd, 'profile001.pb.gz')) && existsSync(join(cwd, 'profile001.svg')));
  // Prompts only: nothing binary on stdout.
  assert.equal(r.out, '(pprof) (pprof) (pprof) (pprof) ');
});

test('parseCommandLine reads pprof shell syntax', () => {
  const cfg = parsePprofArgs(['x']).cfg;
  assert.deepEqual(
    (({ report, nodeCount, sort, focus, ignore, output }) => ({ report, nodeCount, sort, focus, ignore, output }))(parseCommandLine(['top10', '-cum', 'main', 'sort', '-fib', '>', 'f.txt'], cfg).cfg),
    { report: 'top', nodeCount: 10, sort: 'cum', focus: 'main|sort', ignore: 'fib', output: 'f.txt' },
  );
  assert.equal(parseCommandLine(['top'], cfg).cfg.nodeCount, 10);
  assert.equal(parseCommandLine(['list', 'main.fib'], cfg).cfg.symbol, 'main.fib');
  assert.equal(parseCommandLine(['tags', 'eu', '-checkout'], cfg).cfg.tagFocus, 'eu');
  assert.throws(() => parseCommandLine(['peek'], cfg), /^Error: command peek requires an argument$/);
  assert.throws(() => parseCommandLine(['nodecount', '5'], cfg), /did you mean: nodecount=5/);
  assert.throws(() => parseCommandLine(['bogus'], cfg), /unrecognized command: "bogus"/);
});

test('completion follows pprof: commands and options, then function names', () => {
  const fns = ['main.fib', 'main.hashLoop', 'sort.partition'];
  assert.equal(completeLine('tr', fns), 'tr');
  assert.equal(completeLine('tre', fns), 'tree');
  assert.equal(completeLine('nodec', fns), 'nodecount');
  assert.equal(completeLine('help foc', fns), 'help focus');
  assert.equal(completeLine('top hash', fns), 'top main.hashLoop');
  assert.equal(completeLine('list -parti', fns), 'list -sort.partition');
  assert.equal(completeLine('top main', fns), 'top main');
  assert.equal(completeLine('tags hash', fns), 'tags hash');
});

test('go tool pprof agrees on a live session', { skip: requires('go') }, () => {
  const input = 'top4 -cum\npeek sort.pdqsort\no\n';
  const args = ['-nodefraction=0.1', 'testdata/go/cpu.pb.gz'];
  const g = spawnSync('go', ['tool', 'pprof', ...args], { cwd: root, env, input, encoding: 'utf8' });
  const f = spawnSync(process.execPath, [mainJs, 'pprof', ...args], { cwd: root, env, input, encoding: 'utf8' });
  assert.equal(f.stdout, g.stdout);
  // pprof's "o" also lists intel_syntax (for disasm), which fluoro lacks.
  const drop = (s: string) => s.split('\n').filter((l) => !/^  intel_syntax /.test(l)).join('\n');
  assert.equal(f.stderr, drop(g.stderr));
});

// pprof's -top sets the unit it chose for -unit=minimum on its report, but
// each shell command makes a new report: tags after top still scales every
// value on its own ("416B", "1MB"), not in top's unit ("0.41kB", "1024kB").
test('go tool pprof agrees that a unit chosen by top does not carry over to the next command', { skip: requires('go') }, () => {
  const input = 'top3\ntags\n';
  const args = ['testdata/go/heap.pb.gz'];
  const g = spawnSync('go', ['tool', 'pprof', ...args], { cwd: root, env, input, encoding: 'utf8' });
  const f = spawnSync(process.execPath, [mainJs, 'pprof', ...args], { cwd: root, env, input, encoding: 'utf8' });
  assert.match(g.stdout, / 416B\n/);
  assert.equal(f.stdout, g.stdout);
});
