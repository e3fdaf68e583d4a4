// SourceMapper on maps that esbuild writes: inline and external maps,
// sourceRoot, minified names, webpack:// sources, and scripts without maps.
// Positions are given the way V8 gives them: a function at its parameter
// list, 0-based lines and columns.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { SourceMapper } from '../src/index.js';
import { decodeMappings, segmentAt } from '../src/v8-mappings.js';
import { SourceMap } from 'node:module';

const pricingTs = `export interface Line {
  qty: number;
  price: number;
}

export function computeTotal(lines: Line[]): number {
  let sum = 0;
  for (const l of lines) {
    sum += (l.qty * l.price) % 1000003;
  }
  return sum;
}

export async function totalLater(lines: Line[]): Promise<number> {
  await null;
  return computeTotal(lines) + 7000001;
}
`;

const mainTs = `import { computeTotal, totalLater } from './pricing.js';
console.log(computeTotal([{ qty: 1, price: 2 }]));
totalLater([]).then(console.log);
`;

// v8Position is where V8 places the function whose body holds marker: at the
// parameter list after its (possibly minified) name.
function v8Position(code: string, marker: string): { name: string; line0: number; column0: number } {
  const at = code.indexOf(marker);
  const fn = code.lastIndexOf('function ', at);
  const paren = code.indexOf('(', fn);
  const name = code.slice(fn + 'function '.length, paren);
  const before = code.slice(0, paren);
  const line0 = before.split('\n').length - 1;
  return { name, line0, column0: paren - (before.lastIndexOf('\n') + 1) };
}

describe('SourceMapper', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fluoro-sourcemap-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'pricing.ts'), pricingTs);
    writeFileSync(join(dir, 'src', 'main.ts'), mainTs);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function bundle(name: string, options: { minify?: boolean; sourcemap: 'inline' | 'external' | boolean; sourceRoot?: string }): Promise<string> {
    const outfile = join(dir, name, 'bundle.js');
    await build({
      entryPoints: [join(dir, 'src', 'main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'silent',
      minify: options.minify ?? false,
      sourcemap: options.sourcemap,
      ...(options.sourceRoot !== undefined ? { sourceRoot: options.sourceRoot } : {}),
    });
    return outfile;
  }

  test('a minified bundle with an inline map gives back names, files and lines', async () => {
    const file = await bundle('inline', { minify: true, sourcemap: 'inline' });
    const code = readFileSync(file, 'utf8');
    const pos = v8Position(code, '1e6+3');
    assert.notEqual(pos.name, 'computeTotal', 'the bundle was expected to rename it');
    const m = new SourceMapper();
    const url = pathToFileURL(file).href;
    assert.deepEqual(m.functionAt(url, pos.name, pos.line0, pos.column0), { name: 'computeTotal', file: join(dir, 'src', 'pricing.ts'), line: 6 });
    // Plain paths (CommonJS scripts) work as URLs do.
    assert.equal(m.functionAt(file, pos.name, pos.line0, pos.column0)?.name, 'computeTotal');
    assert.equal(m.hasMap(url), true);
  });

  test('names a minified function from its first keyword, where captured stacks place it', async () => {
    const file = await bundle('keyword', { minify: true, sourcemap: 'inline' });
    const code = readFileSync(file, 'utf8');
    const m = new SourceMapper();
    const url = pathToFileURL(file).href;
    // A call site's enclosing position is a declaration's first keyword, before the name.
    for (const [marker, keyword, original, line] of [
      ['1e6+3', 'function ', 'computeTotal', 6],
      ['7000001', 'async function ', 'totalLater', 14],
    ] as const) {
      const pos = v8Position(code, marker);
      assert.notEqual(pos.name, original, 'the bundle was expected to rename it');
      const at = code.lastIndexOf(keyword, code.indexOf(marker));
      const column0 = at - (code.lastIndexOf('\n', at) + 1);
      assert.deepEqual(m.functionAt(url, pos.name, pos.line0, column0), { name: original, file: join(dir, 'src', 'pricing.ts'), line });
    }
  });

  test('a map file with sourceRoot; lines map by their first token', async () => {
    const file = await bundle('external', { sourcemap: true, sourceRoot: '../src/' });
    const code = readFileSync(file, 'utf8');
    const m = new SourceMapper();
    const url = pathToFileURL(file).href;
    // The loop body's line: `sum += l.qty * l.price % 1000003;`
    const line1 = code.split('\n').findIndex((l) => l.includes('1000003')) + 1;
    const mapped = m.lineAt(url, line1);
    assert.ok(mapped !== undefined);
    assert.equal(mapped.line, 9);
    // sources are relative to sourceRoot, which is relative to the map.
    assert.match(mapped.file, /src[/\\]pricing\.ts$/);
  });

  test('webpack:// sources resolve to the project file', async () => {
    const file = await bundle('webpack', { sourcemap: true });
    const mapFile = `${file}.map`;
    const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[] };
    // What webpack writes: the path relative to the project, under a namespace.
    map.sources = map.sources.map((s) => `webpack://shop/./${s.replace(/^(\.\.\/)+/, '')}`);
    writeFileSync(mapFile, JSON.stringify(map));
    const code = readFileSync(file, 'utf8');
    const pos = v8Position(code, '1000003');
    const got = new SourceMapper().functionAt(pathToFileURL(file).href, pos.name, pos.line0, pos.column0);
    assert.deepEqual(got, { name: 'computeTotal', file: join(dir, 'src', 'pricing.ts'), line: 6 });
  });

  test('no map, no file, no mapping: undefined, and TypeScript run without a map is flagged', () => {
    const plain = join(dir, 'plain.js');
    writeFileSync(plain, 'function f() {\n  return 1;\n}\n');
    const ts = join(dir, 'loader.ts');
    writeFileSync(ts, 'export const x: number = 1;\n');
    const m = new SourceMapper();
    assert.equal(m.functionAt(plain, 'f', 0, 10), undefined);
    assert.equal(m.lineAt(plain, 2), undefined);
    assert.equal(m.functionAt(join(dir, 'missing.js'), 'f', 0, 0), undefined);
    assert.equal(m.functionAt('node:internal/timers', 'listOnTimeout', 10, 2), undefined);
    assert.equal(m.isUnmappedTypeScript(plain), false);
    assert.equal(m.isUnmappedTypeScript(ts), true);
    // Asked for once; a map given for it is then used.
    assert.equal(m.wantsLoaderMap(ts), true);
    assert.equal(m.wantsLoaderMap(ts), false);
  });

  test('a map that is named but cannot be used is reported once, with why; a script that is not here is not', () => {
    const problems: string[] = [];
    const m = new SourceMapper({ onProblem: (p) => problems.push(p) });
    const gone = join(dir, 'gone.js');
    writeFileSync(gone, 'function f() {\n  return 1;\n}\n//# sourceMappingURL=gone.js.map\n');
    const broken = join(dir, 'broken.js');
    writeFileSync(broken, 'function g() {}\n//# sourceMappingURL=broken.js.map\n');
    writeFileSync(join(dir, 'broken.js.map'), '{"version":3,');
    const empty = join(dir, 'empty.js');
    writeFileSync(empty, 'function h() {}\n//# sourceMappingURL=empty.js.map\n');
    writeFileSync(join(dir, 'empty.js.map'), '{"version":3,"sources":["a.ts"]}');
    for (const file of [gone, broken, empty, join(dir, 'not-here.js')]) {
      assert.equal(m.functionAt(file, 'f', 0, 10), undefined);
      assert.equal(m.lineAt(file, 1), undefined);
    }
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems[0], new RegExp(`^source map of ${gone.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: its map \\S*gone\\.js\\.map cannot be read \\(ENOENT`));
    assert.match(problems[1], /broken\.js: its map \S*broken\.js\.map cannot be read \(.*JSON/);
    assert.match(problems[2], /empty\.js: its map is not a usable source map \(source map: no mappings\); its frames keep their generated positions$/);
  });

  test('decoded mappings agree with node:module SourceMap at every position', async () => {
    for (const [name, minify] of [['agree-min', true], ['agree', false]] as const) {
      const file = await bundle(name, { minify, sourcemap: true });
      const payload = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
      const code = readFileSync(file, 'utf8').split('\n');
      const ours = decodeMappings(payload.mappings);
      const node = new SourceMap(payload);
      let checked = 0;
      for (let line = 0; line < code.length; line++) {
        for (let col = 0; col <= code[line].length; col++) {
          const e = node.findEntry(line, col) as { generatedLine?: number; originalLine?: number; originalColumn?: number; name?: string };
          const want = e.generatedLine === line ? [e.originalLine, e.originalColumn] : null;
          const i = segmentAt(ours, line, col);
          const got = i < 0 ? null : [ours.originalLine[i], ours.originalColumn[i]];
          assert.deepEqual(got, want, `${name} ${line}:${col}`);
          // Node 20 also gives a 4-field segment the name of the last 5-field
          // one before it; the spec gives it none. Names must agree where a segment has one.
          if (i >= 0 && ours.name[i] >= 0) assert.equal(payload.names[ours.name[i]], e.name, `${name} ${line}:${col} name`);
          checked++;
        }
      }
      assert.ok(checked > 100);
    }
    assert.throws(() => decodeMappings('A!'), RangeError);
  });
});
