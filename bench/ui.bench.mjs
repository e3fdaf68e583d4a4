#!/usr/bin/env node
// ui.bench.mjs: how fast the web UI is on big profiles, measured in a real
// browser (Debian chromium via playwright-core) with the page's own
// performance marks:
//
//   server ready     `fluoro pprof -http` start to "Serving web UI on": load,
//                    merge and the default flame graph, computed before the
//                    URL is printed
//   first paint      page navigation start to the flame graph drawn
//                    (mark flame-paint): fetch of the JSON, layout, draw
//   zoom             measure flame-zoom: one click-to-zoom or breadcrumb step,
//                    layout and redraw (median and max of ZOOMS steps)
//   search           measure flame-search: regexp over the names, matched
//                    share, redraw (median and max); typing adds a 60 ms
//                    debounce before it
//   refine           Refine > Focus on "timer": click to the focused
//                    flame graph drawn (server recomputes from the profile)
//
//   node bench/ui.bench.mjs [--profiles 50mb,5mb] [--out bench/RESULTS-ui.md]

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { median } from './lib/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    profiles: { type: 'string', default: '50mb' },
    out: { type: 'string' },
    zooms: { type: 'string', default: '12' },
  },
});
const mainJs = join(root, 'packages/cli/dist/src/main.js');

function input(name) {
  if (name === 'cpu') return join(root, 'testdata/go/cpu.pb.gz');
  const file = join(root, `bench/data/big-${name}.pb.gz`);
  if (!existsSync(file)) {
    const mb = name.replace(/mb$/, '');
    console.error(`generating ${file}`);
    spawnSync(process.execPath, [join(root, 'scripts/gen-big-profile.mjs'), '--size-mb', mb, '--out', file], { stdio: 'inherit' });
  }
  return file;
}

function serve(file) {
  const started = performance.now();
  const child = spawn(process.execPath, [mainJs, 'pprof', '-http=127.0.0.1:0', '-no_browser', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      const m = /Serving web UI on (\S+)/.exec(err);
      if (m) resolve({ url: m[1], child, readyMs: performance.now() - started });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

const ms = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);

async function measure(browser, name) {
  const file = input(name);
  const srv = await serve(file);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(srv.url + '/ui/flamegraph');
    await page.waitForSelector('body[data-state=ready]', { timeout: 300_000 });
    const paint = await page.evaluate(() => performance.getEntriesByName('flame-paint')[0].startTime);
    const phases = await page.evaluate(() => ['flame-fetch-start', 'flame-data', 'flame-paint'].map((n) => performance.getEntriesByName(n)[0].startTime));
    const state = await page.$eval('canvas.flame-canvas', (c) => ({ ...c.dataset }));
    const jsonBytes = await page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/flamegraph'))[0]?.encodedBodySize ?? 0);

    // Zoom: click frames down the widest path, then walk back with the breadcrumb.
    const box = await (await page.$('canvas.flame-canvas')).boundingBox();
    const zooms = Number(args.zooms);
    for (let i = 0; i < zooms / 2; i++) {
      await page.mouse.click(box.x + box.width / 3, box.y + 18 * (i + 1) + 5);
    }
    while ((await page.locator('.crumb').count()) > 1 && (await page.evaluate(() => performance.getEntriesByName('flame-zoom').length)) < zooms) {
      await page.locator('.crumb').nth(-2).click();
    }
    await page.keyboard.press('Escape');
    const zoom = await page.evaluate(() => performance.getEntriesByName('flame-zoom').map((e) => e.duration));

    // Search: a few patterns, each applied with Enter (no debounce).
    // Patterns that match many frames of the generated profiles (and of Go's), and one that matches none.
    for (const re of ['timer', 'github\\.com/query', 'Compress|Flush', '\\(\\*', 'main\\.', 'x{20}']) {
      await page.fill('#search', re);
      await page.press('#search', 'Enter');
    }
    await page.waitForTimeout(200);
    const search = await page.evaluate(() => performance.getEntriesByName('flame-search').map((e) => e.duration));

    // Refine: focus on the first search's matches; time to the redrawn graph.
    await page.fill('#search', 'timer');
    await page.press('#search', 'Enter');
    const t0 = Date.now();
    await page.click('#refine');
    await page.click('.menu >> text=Focus');
    await page.waitForURL(/f=timer/);
    await page.waitForSelector('body[data-state=ready]', { timeout: 300_000 });
    const refineMs = Date.now() - t0;
    await page.close();
    return {
      name,
      size: statSync(file).size,
      readyMs: srv.readyMs,
      paint,
      phases,
      nodes: Number(state.nodes),
      drawn: Number(state.drawn),
      jsonBytes,
      zoom,
      search,
      refineMs,
      errors,
    };
  } finally {
    srv.child.kill();
  }
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const results = [];
try {
  for (const name of args.profiles.split(',')) results.push(await measure(browser, name));
} finally {
  await browser.close();
}

const lines = [
  `Node ${process.version}, chromium (Debian), ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end.`,
  `Command: \`node bench/ui.bench.mjs --profiles ${args.profiles}\``,
  '',
  '| profile | server ready | first paint | flame nodes (drawn) | JSON | zoom median / max | search median / max | refine (focus) |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...results.map((r) =>
    `| ${r.name} (${(r.size / 2 ** 20).toFixed(1)} MB) | ${ms(r.readyMs)} | ${ms(r.paint)} | ${r.nodes} (${r.drawn}) | ${(r.jsonBytes / 1024).toFixed(0)} KB | ${ms(median(r.zoom))} / ${ms(Math.max(...r.zoom))} (${r.zoom.length}) | ${ms(median(r.search))} / ${ms(Math.max(...r.search))} (${r.search.length}) | ${ms(r.refineMs)} |`),
];
console.log(lines.join('\n'));
for (const r of results) console.log(`${r.name}: page script started the fetch at ${ms(r.phases[0])}, data parsed at ${ms(r.phases[1])}, painted at ${ms(r.phases[2])}`);
for (const r of results) console.log(`${r.name}: zoom steps ${r.zoom.map((x) => x.toFixed(1)).join(' ')} ms; searches ${r.search.map((x) => x.toFixed(1)).join(' ')} ms`);
for (const r of results) if (r.errors.length) console.error(`${r.name}: page errors: ${r.errors.join('; ')}`);
const ok = results.every((r) => r.paint < 2000 && Math.max(...r.zoom) < 100 && Math.max(...r.search) < 100 && r.errors.length === 0);
console.log(ok ? 'targets met: first paint < 2 s, zoom and search < 100 ms' : 'TARGETS MISSED: first paint < 2 s, zoom and search < 100 ms');
if (args.out) writeFileSync(args.out, lines.join('\n') + '\n');
process.exitCode = ok ? 0 : 1;
