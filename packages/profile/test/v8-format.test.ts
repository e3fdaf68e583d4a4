// V8's JSON profiles: .cpuprofile and .heapprofile read into the pprof
// model (checked as collapsed stacks and per-line values), .cpuprofile
// written back, detection by content, and real files from `node --cpu-prof`
// and `node --heap-prof` on an esbuild bundle, mapped back to its .ts source.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { build } from 'esbuild';
import {
  emptyProfile,
  encodeProfile,
  isV8Json,
  parseCpuProfile,
  parseHeapProfile,
  parseV8Profile,
  ProfileError,
  SourceMapper,
  toCollapsed,
  toCpuProfile,
  type Profile,
  type V8CpuProfile,
  type V8HeapProfile,
} from '../src/index.js';

const frame = (functionName: string, lineNumber = 0, url = '/app/main.js') => ({ functionName, scriptId: '1', url, lineNumber, columnNumber: 0 });

// A root with main -> {parse, render}, plus idle and GC ticks.
const cpuDoc: V8CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', -1, ''), children: [2, 5, 6] },
    { id: 2, callFrame: frame('main', 0), children: [3, 4] },
    { id: 3, callFrame: frame('parse', 9), positionTicks: [{ line: 12, ticks: 2 }, { line: 14, ticks: 1 }] },
    { id: 4, callFrame: frame('render', 19) },
    { id: 5, callFrame: frame('(idle)', -1, '') },
    { id: 6, callFrame: frame('(garbage collector)', -1, '') },
  ],
  startTime: 1_000_000,
  endTime: 1_100_000,
  samples: [3, 3, 4, 5, 3, 6, 4, 4],
  timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 3000],
};

// linesOf lists each sample's leaf as `function file:line value` for one sample type.
function linesOf(p: Profile, index: number): string[] {
  return p.sample
    .map((s) => {
      const l = s.location[0].line[0];
      return `${l.function.name} ${l.function.filename}:${l.line} ${s.value[index]}`;
    })
    .sort();
}

describe('.cpuprofile', () => {
  test('reads ticks as stacks, leaf lines from positionTicks, idle dropped', () => {
    const p = parseCpuProfile(cpuDoc);
    assert.deepEqual(p.sampleType, [
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ]);
    assert.equal(toCollapsed(p, 0), '(garbage collector) 1\nmain;parse 3\nmain;render 3\n');
    // Each tick stands for the gap after it; the last one for the median gap (1 ms).
    assert.equal(toCollapsed(p, 1), '(garbage collector) 1000000\nmain;parse 3000000\nmain;render 5000000\n');
    assert.deepEqual(linesOf(p, 0), [
      '(garbage collector) :0 1',
      'parse /app/main.js:12 2',
      'parse /app/main.js:14 1',
      'render /app/main.js:20 3',
    ]);
    assert.equal(p.period, 1_000_000);
    assert.equal(p.durationNanos, 100_000_000);
  });

  test('written for DevTools and read back, it keeps stacks, values and lines', () => {
    const p = parseCpuProfile(cpuDoc);
    const doc = toCpuProfile(p);
    assert.equal(doc.samples!.length, 7);
    assert.equal(doc.samples!.length, doc.timeDeltas!.length);
    const q = parseCpuProfile(JSON.parse(JSON.stringify(doc)));
    assert.equal(toCollapsed(q, 0), toCollapsed(p, 0));
    assert.deepEqual(linesOf(q, 0), linesOf(p, 0));
    // Tick times survive to the microsecond, except the last tick's, which
    // becomes the median gap: the file has no time after its last tick.
    const times = (x: Profile) => new Map(toCollapsed(x, 1).trim().split('\n').map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]));
    const [before, after] = [times(p), times(q)];
    assert.deepEqual([...after.keys()], [...before.keys()]);
    let drift = 0;
    for (const [k, v] of before) drift += Math.abs(after.get(k)! - v);
    assert.ok(drift <= 2_000_000, `cpu times moved by ${drift} ns`);
  });

  test('refuses a sample that names no node', () => {
    assert.throws(() => parseCpuProfile({ ...cpuDoc, samples: [3, 99], timeDeltas: [0, 1] }), (err: unknown) => {
      return err instanceof ProfileError && /sample names node 99/.test(err.message);
    });
    assert.throws(() => parseCpuProfile({ ...cpuDoc, timeDeltas: [0] }), /8 samples vs. 1 time deltas/);
  });

  test('TypeScript run without a visible map keeps its file and function but no line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fluoro-v8-ts-'));
    try {
      // What a loader such as tsx leaves: V8 ran code compiled in memory from this file.
      const file = join(dir, 'main.ts');
      writeFileSync(file, 'export function f(): number {\n  return 1;\n}\n');
      const doc: V8CpuProfile = {
        nodes: [
          { id: 1, callFrame: frame('(root)', -1, ''), children: [2] },
          { id: 2, callFrame: frame('f', 0, `file://${file}`), positionTicks: [{ line: 1, ticks: 2 }] },
        ],
        startTime: 0,
        endTime: 2000,
        samples: [2, 2],
        timeDeltas: [0, 1000],
      };
      const p = parseCpuProfile(doc, { sourceMaps: new SourceMapper() });
      assert.deepEqual(linesOf(p, 0), [`f ${file}:0 2`]);
      // Without a mapper, positions are shown as V8 gave them.
      assert.deepEqual(linesOf(parseCpuProfile(doc), 0), [`f ${file}:1 2`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('native frames (no script) get no line, though V8 ticks their caller\'s lines on them', () => {
    const doc: V8CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', -1, ''), children: [2] },
        { id: 2, callFrame: frame('hashAll', 4), children: [3] },
        { id: 3, callFrame: { ...frame('update', -1, ''), scriptId: '0' }, positionTicks: [{ line: 144, ticks: 2 }] },
      ],
      startTime: 0,
      endTime: 2000,
      samples: [3, 3],
      timeDeltas: [0, 1000],
    };
    assert.deepEqual(linesOf(parseCpuProfile(doc), 0), ['update :0 2']);
  });
});

describe('.heapprofile', () => {
  const heapDoc: V8HeapProfile = {
    head: {
      callFrame: frame('(root)', -1, ''),
      selfSize: 0,
      id: 1,
      children: [
        {
          callFrame: frame('main', 0),
          selfSize: 0,
          id: 2,
          children: [
            { callFrame: frame('cache', 4), selfSize: 3000, id: 3, children: [] },
            { callFrame: frame('parse', 9), selfSize: 500, id: 4, children: [] },
          ],
        },
      ],
    },
    samples: [
      { size: 1000, nodeId: 3, ordinal: 1 },
      { size: 2000, nodeId: 3, ordinal: 2 },
      { size: 500, nodeId: 4, ordinal: 3 },
    ],
  };

  test('reads live samples as inuse_objects and inuse_space', () => {
    const p = parseHeapProfile(heapDoc);
    assert.deepEqual(p.sampleType.map((t) => t.type), ['inuse_objects', 'inuse_space']);
    assert.equal(toCollapsed(p, 0), 'main;cache 2\nmain;parse 1\n');
    assert.equal(toCollapsed(p, 1), 'main;cache 3000\nmain;parse 500\n');
    assert.equal(p.periodType?.type, 'space');
  });

  test('a sample whose node the tree lacks keeps its bytes under a frame that says why', () => {
    // node --heap-prof writes such files: V8 copies the tree, then the samples, and copying allocates.
    const p = parseHeapProfile({ ...heapDoc, samples: [...heapDoc.samples!, { size: 700, nodeId: 99, ordinal: 4 }] });
    assert.equal(toCollapsed(p, 1), '(allocated while the profile was written) 700\nmain;cache 3000\nmain;parse 500\n');
    assert.equal(toCollapsed(p, 0), '(allocated while the profile was written) 1\nmain;cache 2\nmain;parse 1\n');
  });

  test('without samples, only the sizes are known', () => {
    const p = parseHeapProfile({ head: heapDoc.head });
    assert.deepEqual(p.sampleType.map((t) => t.type), ['inuse_space']);
    assert.equal(toCollapsed(p), 'main;cache 3000\nmain;parse 500\n');
  });
});

describe('detection by content', () => {
  test('JSON documents are V8 profiles, profile.proto is not', () => {
    assert.equal(isV8Json(Buffer.from(JSON.stringify(cpuDoc))), true);
    assert.equal(isV8Json(Buffer.from('\uFEFF  {\n "head": 1}')), true);
    assert.equal(isV8Json(encodeProfile(emptyProfile([{ type: 'samples', unit: 'count' }]))), false);
    assert.equal(isV8Json(encodeProfile(emptyProfile([{ type: 'samples', unit: 'count' }]), { gzip: true })), false);
    assert.equal(toCollapsed(parseV8Profile(Buffer.from(JSON.stringify(cpuDoc))), 0), toCollapsed(parseCpuProfile(cpuDoc), 0));
    assert.throws(() => parseV8Profile(Buffer.from('{"x": 1}')), /neither a .cpuprofile/);
    assert.throws(() => parseV8Profile(Buffer.from('{"nodes": ')), /parsing V8 profile: /);
  });
});

describe('files from node --cpu-prof and --heap-prof', () => {
  test('map an esbuild bundle back to its .ts functions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fluoro-v8-'));
    try {
      writeFileSync(
        join(dir, 'hot.ts'),
        [
          'type Row = { n: number };',
          '// Kept alive past the end of the script, so the exit-time heap profile holds it.',
          'const kept: Row[][] = ((globalThis as { kept?: Row[][] }).kept = []);',
          '',
          'export function crunchNumbers(rounds: number): number {',
          '  let h = 0;',
          '  for (let i = 0; i < rounds; i++) h = (h * 31 + i) % 1000003;',
          '  return h;',
          '}',
          '',
          'export function keepRows(n: number): void {',
          '  kept.push(Array.from({ length: n }, (_, i): Row => ({ n: i })));',
          '}',
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(dir, 'main.ts'),
        [
          "import { crunchNumbers, keepRows } from './hot.js';",
          'const end = Date.now() + 600;',
          'let x = 0;',
          'while (Date.now() < end) {',
          '  x += crunchNumbers(20_000);',
          '  keepRows(2000);',
          '}',
          'console.log(x > 0);',
          '',
        ].join('\n'),
      );
      // An ES module: at exit, V8's heap profile has lost the script of a
      // CommonJS module's functions (url "", line -1), so nothing could map.
      const outfile = join(dir, 'dist', 'main.mjs');
      await build({ entryPoints: [join(dir, 'main.ts')], bundle: true, minify: true, platform: 'node', format: 'esm', sourcemap: true, outfile, logLevel: 'silent' });
      const profDir = join(dir, 'prof');
      execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, '--heap-prof', '--heap-prof-dir', profDir, outfile]);
      const files = readdirSync(profDir);
      const cpuFile = files.find((f) => f.endsWith('.cpuprofile'))!;
      const heapFile = files.find((f) => f.endsWith('.heapprofile'))!;

      const mapper = new SourceMapper();
      const cpu = parseV8Profile(readFileSync(join(profDir, cpuFile)), { sourceMaps: mapper });
      const hot = cpu.function.filter((f) => f.name === 'crunchNumbers');
      assert.ok(hot.length > 0, `crunchNumbers missing from ${cpu.function.map((f) => f.name)}`);
      for (const f of hot) {
        assert.equal(f.filename, join(dir, 'hot.ts'));
        assert.equal(f.startLine, 5);
      }
      const heap = parseV8Profile(readFileSync(join(profDir, heapFile)), { sourceMaps: mapper });
      assert.match(toCollapsed(heap, 1), /keepRows/);
      assert.ok(heap.function.some((f) => f.name === 'keepRows' && f.filename === join(dir, 'hot.ts')));

      // Unmapped, the same file shows the bundle.
      const raw = parseV8Profile(readFileSync(join(profDir, cpuFile)));
      assert.ok(raw.function.every((f) => f.name !== 'crunchNumbers'));
      assert.ok(raw.function.some((f) => f.filename === outfile));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
