// fluoro pprof on V8's own files: a .cpuprofile and a .heapprofile written
// by `node --cpu-prof` / `--heap-prof` for an esbuild bundle of TypeScript.
// The reports must name the .ts functions, files and lines (source maps
// applied at analysis time), agree with go tool pprof reading the same
// profile as proto, and -list must show the .ts source.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { encodeProfile, parseV8Profile, SourceMapper } from '@fluoro/profile';
import { requires } from '@fluoro/testkit';

const noGo = requires('go');
const mainJs = join(dirname(fileURLToPath(import.meta.url)), '../src/main.js');

const hotTs = `type Row = { n: number };
// Kept alive past the end of the script, so the exit-time heap profile holds it.
const kept: Row[][] = ((globalThis as { kept?: Row[][] }).kept = []);

export function crunchNumbers(rounds: number): number {
  let h = 0;
  for (let i = 0; i < rounds; i++) {
    h = (h * 31 + i) % 1000003;
  }
  return h;
}

export function keepRows(n: number): void {
  kept.push(Array.from({ length: n }, (_, i): Row => ({ n: i })));
}
`;

const mainTs = `import { crunchNumbers, keepRows } from './hot.js';
const end = Date.now() + 800;
let x = 0;
while (Date.now() < end) {
  x += crunchNumbers(20_000);
  keepRows(2000);
}
console.log(x > 0);
`;

function fluoro(args: string[]): string {
  return execFileSync(process.execPath, [mainJs, 'pprof', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function goPprof(args: string[]): string {
  return execFileSync('go', ['tool', 'pprof', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// rows drops the header lines that differ by design (File:, Time:).
function rows(report: string): string {
  return report
    .split('\n')
    .filter((l) => !/^(File|Time|Build ID):/.test(l))
    .join('\n');
}

describe('fluoro pprof reads V8 profile files', () => {
  let dir: string;
  let cpuFile: string;
  let heapFile: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fluoro-v8files-'));
    writeFileSync(join(dir, 'hot.ts'), hotTs);
    writeFileSync(join(dir, 'main.ts'), mainTs);
    // An ES module: V8's exit-time heap profile keeps the scripts of ES modules' functions.
    const outfile = join(dir, 'dist', 'main.mjs');
    await build({ entryPoints: [join(dir, 'main.ts')], bundle: true, platform: 'node', format: 'esm', sourcemap: true, outfile, logLevel: 'silent' });
    const prof = join(dir, 'prof');
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', prof, '--heap-prof', '--heap-prof-dir', prof, outfile]);
    const files = readdirSync(prof);
    cpuFile = join(prof, files.find((f) => f.endsWith('.cpuprofile'))!);
    heapFile = join(prof, files.find((f) => f.endsWith('.heapprofile'))!);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('-top -lines names the .ts functions, files and lines, as go tool pprof does', () => {
    const ours = fluoro(['-top', '-lines', cpuFile]);
    assert.match(ours, /\scrunchNumbers \S*\/hot\.ts:(5|6|7|8|9|10)\n/);
    // Only the bundle's top-level function keeps the bundle's name, as a
    // caller: it spans all modules, and V8 gives callers no line.
    for (const row of ours.split('\n').filter((l) => l.includes('main.mjs'))) assert.match(row, /^\s+0\s+0%/);
    // The same profile as proto, for the reference.
    const proto = join(dir, 'cpu.pb');
    writeFileSync(proto, encodeProfile(parseV8Profile(readFileSync(cpuFile), { sourceMaps: new SourceMapper() })));
    if (!noGo) assert.equal(rows(ours), rows(goPprof(['-top', '-lines', proto])));
  });

  test('a .heapprofile reads as in-use memory', () => {
    const ours = fluoro(['-top', '-sample_index=inuse_space', heapFile]);
    assert.match(ours, /^Type: inuse_space$/m);
    assert.match(ours, /\skeepRows\n/);
    const proto = join(dir, 'heap.pb');
    writeFileSync(proto, encodeProfile(parseV8Profile(readFileSync(heapFile), { sourceMaps: new SourceMapper() })));
    if (!noGo) assert.equal(rows(ours), rows(goPprof(['-top', '-sample_index=inuse_space', proto])));
  });

  test('-list shows the .ts source', () => {
    const out = fluoro(['-list=crunchNumbers', cpuFile]);
    assert.match(out, /ROUTINE =+ crunchNumbers in \S*\/hot\.ts/);
    assert.match(out, /h = \(h \* 31 \+ i\) % 1000003;/);
  });

  test('collapsed stacks read back as the profile they came from', () => {
    const folded = fluoro(['-collapsed', '-sample_index=samples', cpuFile]);
    const file = join(dir, 'cpu.folded');
    writeFileSync(file, folded);
    assert.equal(fluoro(['-collapsed', file]), folded);
    assert.match(fluoro(['-top', file]), /\scrunchNumbers\n/);
  });
});
