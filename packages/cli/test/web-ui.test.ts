// The web UI in a real browser (Debian chromium via playwright-core): the
// top table shows the -top report's rows, focusing a function changes the
// flame graph, search highlights and reports the matched share, zoom and
// the keyboard work, profile strings stay text, and nothing logs an error.
// Screenshots land in test-artifacts/web for a human to look at.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { requires } from '@fluoro/testkit';
import type { Browser, Page } from 'playwright-core';
import { EVIL_NAMES, evilProfileFile } from './web-evil.js';
import { MAIN_JS, newPage, ready, openUi, ROOT, serve, shot, type Served } from './web-harness.js';

process.env.TZ = 'UTC';
const CPU = 'testdata/go/cpu.pb.gz';
describe('the web UI in chromium', { skip: requires('chromium') }, () => {
  let browser: Browser;
  let cpu: Served;

  before(async () => {
    ({ browser, served: cpu } = await openUi([CPU]));
  });

  after(async () => {
    await Promise.all([browser?.close(), cpu?.close()]);
  });

  /** topReportRows runs `fluoro pprof -top` and splits its rows into the table's columns. */
  function topReportRows(args: string[]): string[][] {
    const out = execFileSync(process.execPath, [MAIN_JS, 'pprof', '-top', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    const lines = out.split('\n');
    const start = lines.findIndex((l) => /^\s+flat\s+flat%/.test(l)) + 1;
    return lines.slice(start).filter((l) => l.trim() !== '').map((l) => {
      const m = /^\s*(\S+)\s+(\S+%)\s+(\S+%)\s+(\S+)\s+(\S+%)\s+(.*)$/.exec(l);
      assert.ok(m, `unexpected -top line: ${l}`);
      return m.slice(1);
    });
  }

  async function tableRows(page: Page): Promise<string[][]> {
    return page.$$eval('#toptable tbody tr', (trs) =>
      trs.map((tr) => {
        const tds = [...tr.querySelectorAll('td')];
        const name = tds[5].querySelector('.fn')!.textContent ?? '';
        const inl = tds[5].querySelector('.inline')?.textContent;
        return [...tds.slice(0, 5).map((td) => td.textContent ?? ''), inl ? `${name} ${inl}` : name];
      }),
    );
  }

  /** canvasState reads the flame graph's test attributes. */
  async function canvasState(page: Page): Promise<Record<string, string>> {
    return page.$eval('canvas.flame-canvas', (c) => ({ ...(c as HTMLElement).dataset }) as Record<string, string>);
  }

  test('top table rows equal the -top report', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(cpu.url + '/ui/top');
    assert.equal(await ready(page), 'ready');
    assert.deepEqual(await tableRows(page), topReportRows([CPU]));
    await shot(page, 'top');
    // Sorting by cum puts the largest cum first; the rows stay the same set.
    await page.click('#toptable th:nth-child(4)');
    const byCum = await tableRows(page);
    assert.equal(byCum[0][5], 'runtime/pprof.Do');
    assert.match(page.url(), /topsort=cum/);
    // A focused view is the focused -top.
    await page.goto(cpu.url + '/ui/top?f=sort%5C.');
    assert.equal(await ready(page), 'ready');
    assert.deepEqual(await tableRows(page), topReportRows(['-focus=sort\\.', CPU]));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('flame graph: search highlights, focus refines, zoom and keys move', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(cpu.url + '/ui/flamegraph');
    assert.equal(await ready(page), 'ready');
    const full = await canvasState(page);
    assert.ok(Number(full.drawn) > 20, `drawn ${full.drawn}`);
    await shot(page, 'flamegraph');

    // Search: main.fib is 14.81% of the total, as in -top's cum%.
    await page.fill('#search', 'main\\.fib');
    await page.waitForFunction(() => document.querySelector('#search-status')?.textContent?.includes('matched'));
    assert.match(await page.textContent('#search-status') ?? '', /matched 14\.81% of total/);
    assert.ok(Number((await canvasState(page)).matched) > 10);
    assert.match(page.url(), /search=main/);
    await shot(page, 'flamegraph-search');

    // Refine > Focus on the search: fewer nodes, and the root holds only main.fib's time.
    await page.click('#refine');
    await page.click('.menu >> text=Focus');
    await page.waitForURL(/f=main/);
    assert.equal(await ready(page), 'ready');
    await page.waitForFunction(() => document.querySelector('.chip')?.textContent?.includes('focus=main\\.fib'));
    const focused = await canvasState(page);
    assert.ok(Number(focused.nodes) < Number(full.nodes), `${focused.nodes} < ${full.nodes}`);
    const box = (await page.$('canvas.flame-canvas'))!;
    const b = (await box.boundingBox())!;
    await page.mouse.move(b.x + 40, b.y + 5);
    await page.waitForSelector('.flame-tooltip:not([hidden])');
    const tip = await page.textContent('.flame-tooltip');
    assert.match(tip ?? '', /root/);
    assert.match(tip ?? '', /320ms \(14\.81%\)/);
    await shot(page, 'flamegraph-focus');

    // Click the second row to zoom; the breadcrumb grows; Escape zooms out.
    await page.mouse.click(b.x + 40, b.y + 18 + 5);
    await page.waitForFunction(() => (document.querySelector('canvas.flame-canvas') as HTMLElement).dataset.zoom !== '0');
    assert.equal(await page.locator('.crumb').count(), 2);
    assert.match(page.url(), /zoom=1/);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => (document.querySelector('canvas.flame-canvas') as HTMLElement).dataset.zoom === '0');
    // Keyboard: arrows move the selection (still the clicked node, depth 1), Enter zooms to it.
    await page.focus('canvas.flame-canvas');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.querySelector('canvas.flame-canvas') as HTMLElement).dataset.zoom !== '0');
    assert.equal(await page.locator('.crumb').count(), 4);
    await shot(page, 'flamegraph-zoom');

    // The icicle toggle flips the picture and is kept in the URL.
    await page.click('text=Flame (root at bottom)');
    assert.match(page.url(), /icicle=0/);
    await shot(page, 'flamegraph-flame');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('sample type selector and URL state reproduce a view', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(cpu.url + '/ui/top');
    await ready(page);
    await page.selectOption('#sample-type', 'samples');
    await page.waitForURL(/si=samples/);
    assert.equal(await ready(page), 'ready');
    await page.waitForFunction(() => document.querySelector('#toptable tbody td')?.textContent !== '0.61s');
    assert.deepEqual(await tableRows(page), topReportRows(['-sample_index=samples', CPU]));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('strings from the profile are shown as text, never run', async () => {
    const file = evilProfileFile();
    const evil = await serve([file]);
    try {
      const { page, problems } = await newPage(browser);
      await page.goto(evil.url + '/ui/top');
      assert.equal(await ready(page), 'ready');
      const names = await page.$$eval('#toptable .fn', (els) => els.map((e) => e.textContent));
      for (const n of EVIL_NAMES) assert.ok(names.includes(n), `${n} shown as text`);
      assert.equal(await page.locator('#view img, #view svg, #view script').count(), 0);
      await shot(page, 'evil-top');

      await page.goto(evil.url + '/ui/flamegraph');
      assert.equal(await ready(page), 'ready');
      const b = (await (await page.$('canvas.flame-canvas'))!.boundingBox())!;
      await page.mouse.move(b.x + 20, b.y + 18 * 2 + 5);
      await page.waitForSelector('.flame-tooltip:not([hidden])');
      assert.equal(await page.textContent('.tt-name'), EVIL_NAMES[0]);
      await page.fill('#search', 'img');
      await page.waitForFunction(() => document.querySelector('#search-status')?.textContent?.includes('matched'));
      await page.click('#refine');
      await page.click('.menu >> text=Focus');
      await page.waitForURL(/f=img/);
      await ready(page);
      assert.equal(await page.locator('img').count(), 0);
      await shot(page, 'evil-flamegraph');

      // The offline file: names live in inert JSON and are drawn as text.
      const html = join(dirname(file), 'evil.html');
      execFileSync(process.execPath, [MAIN_JS, 'pprof', '-flamegraph', '-output', html, file], { cwd: ROOT, stdio: 'ignore' });
      await page.goto('file://' + html);
      assert.equal(await ready(page), 'ready');
      const fb = (await (await page.$('canvas.flame-canvas'))!.boundingBox())!;
      await page.mouse.move(fb.x + 20, fb.y + 18 * 2 + 5);
      await page.waitForSelector('.flame-tooltip:not([hidden])');
      assert.equal(await page.textContent('.tt-name'), EVIL_NAMES[0]);
      assert.equal(await page.locator('img').count(), 0);
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      await evil.close();
    }
  });

  test('-flamegraph writes one offline HTML file with the same flame graph', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fluoro-web-'));
    const html = join(dir, 'cpu.html');
    execFileSync(process.execPath, [MAIN_JS, 'pprof', '-flamegraph', '-output', html, CPU], { cwd: ROOT, stdio: 'ignore' });
    const { page, problems } = await newPage(browser);
    // Offline: any request other than the file itself fails the test.
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto('file://' + html);
    assert.equal(await ready(page), 'ready');
    assert.deepEqual(requests, ['file://' + html]);
    await page.fill('#search', 'main\\.fib');
    await page.waitForFunction(() => document.querySelector('#search-status')?.textContent?.includes('matched'));
    assert.match(await page.textContent('#search-status') ?? '', /matched 14\.81% of total/);
    await shot(page, 'flamegraph-file');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('-diff_base: top equals the diff -top, flame graph colored by change', async () => {
    const args = ['-diff_base=testdata/go/cpu2.pb.gz', CPU];
    const diff = await serve(args);
    try {
      const { page, problems } = await newPage(browser);
      await page.goto(diff.url + '/ui/top');
      assert.equal(await ready(page), 'ready');
      assert.deepEqual(await tableRows(page), topReportRows(args));
      await page.goto(diff.url + '/ui/flamegraph');
      assert.equal(await ready(page), 'ready');
      assert.match((await page.textContent('.diff-key')) ?? '', /grew.*shrank/);
      const b = (await (await page.$('canvas.flame-canvas'))!.boundingBox())!;
      await page.mouse.move(b.x + 5, b.y + 5);
      await page.waitForSelector('.flame-tooltip:not([hidden])');
      // Root: new 2.16s, base 1.85s.
      assert.match((await page.textContent('.flame-tooltip')) ?? '', /Change\+310ms.*New2\.16s.*Base1\.85s/);
      await shot(page, 'flamegraph-diff');
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      await diff.close();
    }
  });
});
