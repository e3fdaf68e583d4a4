// Golden tests: fluoro pprof must print what go tool pprof printed for the
// same inputs and flags (testdata/golden, made by scripts/make-goldens.sh),
// byte for byte. One case also runs Go live, when Go is installed.

import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { requires } from '@fluoro/testkit';
import { runPprof } from '../src/index.js';

process.env.TZ = 'UTC';
const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const goldenDir = join(root, 'testdata/golden');
const mainJs = join(root, 'packages/cli/dist/src/main.js');
// Flags name inputs relative to the repository root, as in make-goldens.sh.
process.chdir(root);

interface Case {
  flags: string[];
  inputs: string[];
  file: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  const lists = readdirSync(goldenDir).filter((f) => /^cases.*\.txt$/.test(f));
  const lines = lists.flatMap((f) => readFileSync(join(goldenDir, f), 'utf8').split('\n'));
  for (const line of lines) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [f, i] = line.split('|');
    const flags = f.trim().split(/\s+/);
    const inputs = i.trim().split(/\s+/);
    const name = inputs.map((x) => basename(x, '.pb.gz')).join('+');
    // Paths in flags (-base=testdata/go/cpu2.pb.gz) appear by base name (base=cpu2).
    const suffix = flags.map((x) => x.replace(/^-+/, '')).join('.').replace(/[^ .=]*\//g, '').replace(/\.pb\.gz/g, '');
    out.push({ flags, inputs, file: `${name}.${suffix}.txt` });
  }
  return out;
}

/** lineDiff prints the first differing lines, enough to see what broke. */
function lineDiff(want: string, got: string): string {
  const a = want.split('\n');
  const b = got.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < 20; i++) {
    if (a[i] !== b[i]) {
      out.push(`line ${i + 1}:`, `- ${a[i] ?? '<missing>'}`, `+ ${b[i] ?? '<missing>'}`);
    }
  }
  return out.join('\n');
}

// goSources are the Go standard library files a -list golden prints: they
// come with Go (Debian's golang-go), not with this repository.
function goSources(want: string): string[] {
  return [...want.matchAll(/^ROUTINE =+ \S+ in (\/usr\/lib\/go\S*)$/gm)].map((m) => m[1]);
}

for (const c of cases()) {
  const want = readFileSync(join(goldenDir, c.file), 'utf8');
  const needsGo = goSources(want).some((f) => !existsSync(f));
  test(`golden ${c.file}`, { skip: needsGo && requires('go') }, async () => {
    const got = (await runPprof([...c.flags, ...c.inputs.map((i) => join(root, i))])).output;
    if (got !== want) assert.fail(`fluoro pprof ${c.flags.join(' ')} differs from go tool pprof:\n${lineDiff(want, got)}`);
  });
}

test('live: go tool pprof -top -cum -nodecount=10 on cpu+cpu2 equals fluoro', { skip: requires('go') }, () => {
  const args = ['-top', '-cum', '-nodecount=10', join(root, 'testdata/go/cpu.pb.gz'), join(root, 'testdata/go/cpu2.pb.gz')];
  const env = { ...process.env, TZ: 'UTC', PPROF_TMPDIR: tmpdir() };
  const want = execFileSync('go', ['tool', 'pprof', ...args], { env, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  const got = execFileSync(process.execPath, [mainJs, 'pprof', ...args], { env }).toString();
  if (got !== want) assert.fail(lineDiff(want, got));
});

test('collapsed stacks use -traces frame names, root first', async () => {
  const got = (await runPprof(['-collapsed', join(root, 'testdata/go/custom.pb.gz')])).output;
  assert.equal(
    got,
    'runtime.main;main.main;main.capture;main.openConnections;main.dialCache;main.openConnection 1\n' +
      'runtime.main;main.main;main.capture;main.openConnections;main.dialDatabase;main.openConnection 3\n',
  );
});

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [mainJs, 'pprof', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('errors are one line on stderr and exit code 1', () => {
  const cpu = join(root, 'testdata/go/cpu.pb.gz');
  const cases: [string[], RegExp][] = [
    [['-nope', cpu], /^flag provided but not defined: -nope\n$/],
    [['-top', '/nonexistent.pb.gz'], /^\/nonexistent\.pb\.gz: open \/nonexistent\.pb\.gz: no such file or directory\n$/],
    [['-top', join(root, 'testdata/golden/cases.txt')], /cases\.txt: .+\n$/],
    [['-top', '-focus=(', cpu], /^parsing focus regexp: .+\n$/],
    [['-top', '-sample_index=zz', join(root, 'testdata/go/heap.pb.gz')], /^sample_index "zz" must be one of: \[alloc_objects alloc_space inuse_objects inuse_space\]\n$/],
    [['-top', '-nodecount=x', cpu], /^invalid value "x" for flag -nodecount: parse error\n$/],
    [['-top', '-traces', cpu], /^must set at most one output format\n$/],
    [['-top'], /^no profile source specified\n$/],
  ];
  for (const [args, re] of cases) {
    const r = run(args);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, re, args.join(' '));
    assert.equal(r.stderr.split('\n').length, 2, `one line for ${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
  }
});

test('-output writes the report to a file', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'fluoro-')), 'top.txt');
  const r = run(['-top', `-output=${out}`, join(root, 'testdata/go/heap.pb.gz')]);
  assert.equal(r.status, 0);
  assert.equal(r.stderr, `Generating report in ${out}\n`);
  assert.equal(readFileSync(out, 'utf8'), readFileSync(join(goldenDir, 'heap.top.txt'), 'utf8'));
});
