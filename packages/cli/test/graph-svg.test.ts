// -svg without a system graphviz: the SVG that fluoro lays out with WASM
// graphviz must be well-formed XML, draw every node and edge of the -dot
// report (which the goldens compare with Go's), and carry pprof's pan/zoom
// wrapping.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { massageSvg } from '../src/report/svg.js';
import { runPprof } from '../src/index.js';
import { requires } from '@fluoro/testkit';

process.env.TZ = 'UTC';
const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const mainJs = join(root, 'packages/cli/dist/src/main.js');
const fixture = (name: string) => join(root, 'testdata/go', name);

/** wellFormed checks that tags nest and close, the part of XML well-formedness graphviz could break. */
function wellFormed(xml: string): void {
  const body = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
    const [, close, name, , selfClose] = m;
    if (close) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else if (!selfClose) stack.push(name);
  }
  assert.deepEqual(stack, [], 'every element is closed');
  assert.ok(!/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/.test(body), 'no bare ampersands');
}

function xmlText(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

for (const [name, flags] of [
  ['cpu.pb.gz', ['-nodecount=20']],
  ['heap.pb.gz', []],
  ['goroutine.pb.gz', []],
  ['mutex.pb.gz', ['-lines']],
] as [string, string[]][]) {
  test(`-svg ${flags.join(' ')} ${name} draws the -dot graph`, async () => {
    const dot = (await runPprof(['-dot', ...flags, fixture(name)])).output;
    const svg = (await runPprof(['-svg', ...flags, fixture(name)])).output;
    assert.match(svg, /^<\?xml /);
    assert.match(svg, /<svg width="100%" height="100%" xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<script type="text\/ecmascript"><!\[CDATA\[[\s\S]*\]\]><\/script><g id="viewport" transform="scale\(0.5,0.5\) translate\(0,0\)"><g id="graph0"/);
    assert.match(svg, /<\/g>\n<\/g><\/svg>\n$/);
    wellFormed(svg);

    // Every node's label lines are drawn as text; every edge is drawn.
    const nodes = [...dot.matchAll(/^(N\d+) \[label="([^"]*)"/gm)];
    assert.ok(nodes.length > 0);
    assert.equal((svg.match(/ class="node">/g) ?? []).length, nodes.length + 1 + (dot.match(/^N\d+_\d+ |^NN\d+/gm) ?? []).length,
      'one SVG node per dot node, nodelet and the legend');
    for (const [, , label] of nodes) {
      for (const line of label.split('\\n').filter((l) => l !== '')) {
        assert.ok(svg.includes(`>${xmlText(line)}</text>`), `label line ${JSON.stringify(line)} is drawn`);
      }
    }
    const edges = (dot.match(/^N+\d+(_\d+)? -> /gm) ?? []).length;
    assert.equal((svg.match(/ class="edge">/g) ?? []).length, edges);
    // The legend's lines are there too.
    assert.ok(svg.includes('>File: gofixture</text>'));
  });
}

test('massageSvg keeps an SVG without graphviz markers as it is, except the closing group', () => {
  assert.equal(massageSvg('<svg></svg>'), '<svg></g></svg>');
  assert.equal(massageSvg('<svg>&;</svg>'), '<svg>&amp;;</g></svg>');
});

test('fluoro pprof -svg -output writes the SVG file and says so', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'fluoro-svg-')), 'g.svg');
  const r = spawnSync(process.execPath, [mainJs, 'pprof', '-svg', `-output=${out}`, fixture('block.pb.gz')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, `Generating report in ${out}\n`);
  const svg = readFileSync(out, 'utf8');
  wellFormed(svg);
  assert.ok(svg.includes('<title>gofixture</title>'));
});

test('the SVG pans and zooms in a browser without script errors', { skip: requires('chromium') }, async () => {
  const { launch, newPage } = await import('./web-harness.js');
  const file = join(mkdtempSync(join(tmpdir(), 'fluoro-svg-')), 'cpu.svg');
  writeFileSync(file, (await runPprof(['-svg', fixture('cpu.pb.gz')])).output);
  const browser = await launch();
  try {
    const { page, problems } = await newPage(browser);
    await page.goto(pathToFileURL(file).href);
    const transform = () => page.getAttribute('#viewport', 'transform');
    const start = await transform();
    await page.mouse.move(400, 300);
    await page.mouse.wheel(0, -100);
    const zoomed = await transform();
    assert.notEqual(zoomed, start);
    assert.match(zoomed ?? '', /scale\(0\.6/);
    await page.mouse.down();
    await page.mouse.move(300, 200);
    await page.mouse.up();
    const panned = await transform();
    assert.notEqual(panned, zoomed);
    assert.match(panned ?? '', /scale\(0\.6/, 'panning keeps the zoom');
    assert.ok(await page.isVisible('#node1'), 'the first node is drawn');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

/** unxml undoes graphviz's escaping of SVG text. */
function unxml(s: string): string {
  return s.replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
}

// Go's -svg is dot's layout of Go's -dot, so fluoro's SVG is held against
// Go's dot directly: the same node names, the same edges, every label line.
for (const [golden, flags, input] of [
  ['cpu.dot.txt', [], 'cpu.pb.gz'],
  ['cpu.dot.lines.nodecount=12.txt', ['-lines', '-nodecount=12'], 'cpu.pb.gz'],
  ['heap.dot.txt', [], 'heap.pb.gz'],
  ['allocs.dot.nodecount=6.txt', ['-nodecount=6'], 'allocs.pb.gz'],
  ['block.dot.txt', [], 'block.pb.gz'],
] as [string, string[], string][]) {
  test(`-svg ${flags.join(' ')} ${input} has the nodes, edges and labels of Go's -dot`, async () => {
    const goDot = readFileSync(join(root, 'testdata/golden', golden), 'utf8');
    const svg = (await runPprof(['-svg', ...flags, fixture(input)])).output;
    const titles = [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => unxml(m[1]));
    const svgEdges = titles.filter((t) => t.includes('->')).sort();
    const svgNodes = titles.filter((t) => /^N+\d+(_\d+)?$/.test(t)).sort();
    const goNodes = [...goDot.matchAll(/^(N+\d+(?:_\d+)?) \[/gm)].map((m) => m[1]).sort();
    const goEdges = [...goDot.matchAll(/^(N+\d+(?:_\d+)?) -> (N+\d+(?:_\d+)?) \[/gm)].map((m) => `${m[1]}->${m[2]}`).sort();
    assert.deepEqual(svgNodes, goNodes);
    assert.deepEqual(svgEdges, goEdges);
    const text = new Set([...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unxml(m[1])));
    for (const [, label] of goDot.matchAll(/\blabel ?= ?"((?:[^"\\]|\\.)*)"/g)) {
      for (const line of label.split(/\\[nl]/)) {
        const want = line.replaceAll('\\"', '"').replaceAll('\\\\', '\\');
        if (want.trim() !== '') assert.ok(text.has(want), `label line ${JSON.stringify(want)} is drawn`);
      }
    }
  });
}
