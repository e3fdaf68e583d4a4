// The command line around the reports: -help lists every flag, and the
// driver's errors (-base/-diff_base/-normalize, sources, tag filters,
// regexps) are one line on stderr with Go's words and exit code 1. Where Go
// is installed, its first stderr line is compared.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { decodeProfile, encodeProfile } from '@fluoro/profile';
import { fileURLToPath } from 'node:url';
import { readSourceFile } from '../src/driver/files.js';
import { FLAG_SPECS } from '../src/driver/options.js';
import { REPORTS } from '../src/report/generate.js';
import { requires } from '@fluoro/testkit';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const mainJs = join(root, 'packages/cli/dist/src/main.js');
// Where Go is missing these check fluoro alone; CI has Go and checks both.
const haveGo = !requires('go');
const env = { ...process.env, TZ: 'UTC', PPROF_TMPDIR: mkdtempSync(join(tmpdir(), 'fluoro-cli-')) };

function fluoro(args: string[]) {
  return spawnSync(process.execPath, [mainJs, 'pprof', ...args], { cwd: root, env, encoding: 'utf8' });
}

test('-help lists every flag in pprof usage layout, on stderr, exit 0', () => {
  for (const h of ['-help', '--help', '-h']) {
    const r = fluoro([h]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^usage:\n\nProduce output in the specified format\.\n/);
    for (const name of FLAG_SPECS.keys()) assert.match(r.stderr, new RegExp(`^ +-${name}\\b`, 'm'), name);
    for (const name of REPORTS) assert.match(r.stderr, new RegExp(`^    -${name} +\\S`, 'm'), name);
    assert.match(r.stderr, /^  Option groups \(only set one per group\):\n    granularity {6}\n      -functions {7}Aggregate at the function level\.$/m);
  }
});

test('driver errors are one line with Go wording, exit 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluoro-cli-'));
  const empty = join(dir, 'empty.pb.gz');
  writeFileSync(empty, '');
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'this is not a profile\n');
  const cpu = 'testdata/go/cpu.pb.gz';
  // Period types that scaleProfiles takes as one kind (cpu, cpus) but merge refuses.
  const cpus = join(dir, 'cpus.pb.gz');
  const p = decodeProfile(readFileSync(join(root, cpu)));
  writeFileSync(cpus, encodeProfile({ ...p, periodType: { type: 'cpus', unit: 'nanoseconds' } }));
  const loop = join(dir, 'loop.pb.gz');
  symlinkSync(loop, loop);
  const cases: [string[], string][] = [
    [['-top', loop], `${loop}: open ${loop}: too many levels of symbolic links`],
    [['-top', cpu, cpus], 'problem fetching source profiles: incompatible period types &{cpu nanoseconds 0 0} and &{cpus nanoseconds 0 0}'],
    [['-top', '-base=testdata/go/cpu2.pb.gz', '-diff_base=testdata/go/cpu2.pb.gz', cpu], '-base and -diff_base flags cannot both be specified'],
    [['-top', '-normalize', cpu], 'must have base profile to normalize by'],
    [['-top', '-base=testdata/go/heap.pb.gz', cpu], 'period type: incompatible types: {cpu nanoseconds 0 0} {space bytes 0 0}'],
    [['-top', '-normalize', '-base=testdata/go/heap.pb.gz', cpu], 'incompatible period types &{cpu nanoseconds 0 0} and &{space bytes 0 0}'],
    [['-top', 'testdata/go/heap.pb.gz', cpu], 'problem fetching source profiles: period type: incompatible types: {space bytes 0 0} {cpu nanoseconds 0 0}'],
    [['-top', '-base=nofile.pb.gz', cpu], 'nofile.pb.gz: open nofile.pb.gz: no such file or directory'],
    [['-top', text], `${text}: parsing profile: unrecognized profile format`],
    [['-top', empty], `${empty}: parsing profile: empty input file`],
    [['-top', 'testdata'], 'testdata: read testdata: is a directory'],
    [['-top', '-focus=(', cpu], 'parsing focus regexp: error parsing regexp: missing closing ): `(`'],
    [['-top', '-ignore=a)', cpu], 'parsing ignore regexp: error parsing regexp: unexpected ): `a)`'],
    [['-top', '-hide=*x', cpu], 'parsing hide regexp: error parsing regexp: missing argument to repetition operator: `*`'],
    [['-top', '-show=[z-a]', cpu], 'parsing show regexp: error parsing regexp: invalid character class range: `z-a`'],
    [['-top', '-tagfocus=handler=[x', cpu], 'parsing tagfocus regexp: error parsing regexp: missing closing ]: `[x`'],
    [['-top', '-taghide=(', cpu], 'parsing taghide regexp: error parsing regexp: missing closing ): `(`'],
  ];
  for (const [args, want] of cases) {
    const r = fluoro(args);
    assert.equal(r.status, 1, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
    assert.equal(r.stderr, want + '\n', args.join(' '));
    if (haveGo) {
      const g = spawnSync('go', ['tool', 'pprof', ...args], { cwd: root, env, encoding: 'utf8' });
      const lines = g.stderr.split('\n').filter((l) => !/^(tagfocus|tagignore):Interpreted/.test(l));
      assert.equal(lines[0], want, `go tool pprof ${args.join(' ')}`);
    }
  }
});

test('-output failures are worded as Go words them, after the "Generating report" line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluoro-cli-'));
  const cases: [string, string][] = [
    [join(dir, 'missing/out.txt'), `open ${join(dir, 'missing/out.txt')}: no such file or directory`],
    [dir, `open ${dir}: is a directory`],
  ];
  for (const [out, want] of cases) {
    const r = fluoro(['-top', `-output=${out}`, 'testdata/go/cpu.pb.gz']);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `Generating report in ${out}\n${want}\n`);
  }
});

test('a failed write to stdout is one line with Go wording, not a stack trace', { skip: !existsSync('/dev/full') }, () => {
  const full = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [mainJs, 'pprof', '-top', 'testdata/go/cpu.pb.gz'], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'write /dev/stdout: no space left on device\n');
  } finally {
    closeSync(full);
  }
});

test('a source without an end (/dev/zero) or over the size limit fails instead of reading forever', () => {
  assert.throws(() => readSourceFile('/dev/zero', 1 << 20), { message: `read /dev/zero: file exceeds the limit of ${1 << 20} bytes` });
  assert.throws(() => readSourceFile('testdata/go/cpu.pb.gz', 100), { message: 'read testdata/go/cpu.pb.gz: file exceeds the limit of 100 bytes' });
  assert.equal(readSourceFile('/dev/null').length, 0);
});

test('float flags take what Go\'s strconv.ParseFloat takes (inf, nan) and refuse what it refuses (" 5", 0x10)', () => {
  for (const v of ['inf', '-Infinity', 'NaN', '1e3', '.5', '2.']) {
    const args = ['-top', '-nodecount=1', `-divide_by=${v}`, 'testdata/go/cpu.pb.gz'];
    const r = fluoro(args);
    assert.equal(r.status, 0, `${v}: ${r.stderr}`);
    if (haveGo) assert.equal(r.stdout, spawnSync('go', ['tool', 'pprof', ...args], { cwd: root, env, encoding: 'utf8' }).stdout, v);
  }
  for (const v of [' 5', '0x10', '', '1e']) {
    const r = fluoro(['-top', `-divide_by=${v}`, 'testdata/go/cpu.pb.gz']);
    assert.equal(r.status, 1, v);
    assert.equal(r.stderr, `invalid value "${v}" for flag -divide_by: parse error\n`);
  }
});

test('int flags take Go\'s base prefixes (0x, 0b, 0o, a leading 0 for octal) and digit underscores', () => {
  for (const v of ['0x3', '0b11', '0o3', '011', '+3', '0x_3', '1_0']) {
    const args = ['-top', `-nodecount=${v}`, 'testdata/go/cpu.pb.gz'];
    const r = fluoro(args);
    assert.equal(r.status, 0, `${v}: ${r.stderr}`);
    const want = v === '011' ? 9 : v === '1_0' ? 10 : 3;
    assert.match(r.stdout, new RegExp(`^Showing top ${want} nodes`, 'm'), v);
    if (haveGo) assert.equal(r.stdout, spawnSync('go', ['tool', 'pprof', ...args], { cwd: root, env, encoding: 'utf8' }).stdout, v);
  }
  for (const v of ['0o', '0x', '08', '1__0', '_1', '1_']) {
    const r = fluoro(['-top', `-nodecount=${v}`, 'testdata/go/cpu.pb.gz']);
    assert.equal(r.status, 1, v);
    assert.equal(r.stderr, `invalid value "${v}" for flag -nodecount: parse error\n`);
  }
});

test('lost sources among several are reported and the rest analyzed, as pprof does', () => {
  const r = fluoro(['-top', '-nodecount=1', 'nofile.pb.gz', 'testdata/go/cpu.pb.gz']);
  assert.equal(r.status, 0);
  assert.equal(r.stderr, 'nofile.pb.gz: open nofile.pb.gz: no such file or directory\nFetched 1 source profiles out of 2\n');
  assert.match(r.stdout, /^File: gofixture\n/);
});

test('tag filters announce numeric ranges on stderr like pprof', () => {
  const r = fluoro(['-top', '-tagfocus=bytes=64kb:', '-tagignore=1mb', 'testdata/go/heap.pb.gz']);
  assert.equal(r.status, 0);
  assert.equal(r.stderr, "tagfocus:Interpreted '64kb:' as range, not regexp\ntagignore:Interpreted '1mb' as range, not regexp\n");
});

test('[binary], -buildid and -symbolize act as in pprof', () => {
  const node = 'testdata/golden/node-inputs/node-cpu.pb.gz';
  const cases: [string[], RegExp][] = [
    // An executable before the sources names the main mapping.
    [['-top', '-nodecount=1', process.execPath, 'testdata/go/cpu.pb.gz'], /^File: node\n/],
    [['-top', '-nodecount=1', 'abc123', 'testdata/go/cpu.pb.gz'], /^File: gofixture\nBuild ID: abc123\n/],
    [['-raw', '-buildid=ff00', 'testdata/go/cpu.pb.gz'], /\nMappings\n1: 0x400000\/0x678000\/0x0 \S+gofixture ff00 \[FN\]\n/],
    [['-top', '-symbolize=none', node], /^Type: cpu\n/],
  ];
  for (const [args, re] of cases) {
    const r = fluoro(args);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, re, args.join(' '));
    assert.equal(r.stderr, '', args.join(' '));
    if (haveGo) {
      const g = spawnSync('go', ['tool', 'pprof', ...args], { cwd: root, env, encoding: 'utf8' });
      assert.equal(r.stdout, g.stdout, args.join(' '));
      assert.equal(r.stderr, g.stderr, args.join(' '));
    }
  }
  // Without -symbolize=none the local symbolizer's complaint appears once, however many sources.
  assert.equal(fluoro(['-top', node, node]).stderr, 'Main binary filename not available.\n');
  assert.equal(
    fluoro(['-top', '-symbolize=bogus', 'testdata/go/cpu.pb.gz']).stderr,
    'ignoring unrecognized symbolization option: bogus\nexpecting -symbolize=[local|fastlocal|remote|none][:force][:demangle=[none|full|templates|default]\n',
  );
});
