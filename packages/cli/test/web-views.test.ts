// The function views in a real browser: Sandwich draws callers over callees
// of one function, Peek lists them with the -peek report's weights, Source
// shows the function's lines with their costs; each starts from a link in
// Top. Screenshots go to test-artifacts/web.

import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { requires } from '@fluoro/testkit';
import type { Browser } from 'playwright-core';
import { EVIL_NAMES, evilProfileFile } from './web-evil.js';
import { newPage, ready, openUi, serve, shot, type Served } from './web-harness.js';

describe('the function views in chromium', { skip: requires('chromium') }, () => {
  let browser: Browser;
  let cpu: Served;

  before(async () => {
    // The Go fixture was built in /work/main; its sources are found in this checkout wherever it is.
    ({ browser, served: cpu } = await openUi(['-trim_path=/work/main', '-source_path=.', 'testdata/go/cpu.pb.gz']));
  });

  after(async () => {
    await Promise.all([browser?.close(), cpu?.close()]);
  });

  test('sandwich: callers above, callees below, reached from Top', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(cpu.url + '/ui/top');
    await ready(page);
    const row = page.locator('#toptable tr', { hasText: 'main.hashLoop' });
    await row.hover();
    await row.locator('a', { hasText: 'sandwich' }).click();
    await page.waitForURL(/\/ui\/sandwich\?f=/);
    assert.equal(await ready(page), 'ready');
    const states = await page.$$eval('canvas.flame-canvas', (cs) => cs.map((c) => ({ ...(c as HTMLElement).dataset })));
    assert.equal(states.length, 2);
    // hashLoop is called from one path of 4 frames and calls main.mix (inlined).
    assert.equal(states[0].nodes, '5');
    assert.equal(states[1].nodes, '3');
    const callees = (await (await page.$('#callees canvas'))!.boundingBox())!;
    await page.mouse.move(callees.x + 30, callees.y + 18 * 2 + 5);
    await page.waitForSelector('#callees .flame-tooltip:not([hidden])');
    assert.match((await page.textContent('#callees .flame-tooltip')) ?? '', /main\.mix.*610ms \(28\.24%\)/);
    await shot(page, 'sandwich');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('peek lists callers and callees with weights', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(cpu.url + '/ui/peek?f=%5Esort%5C.pdqsort%24');
    assert.equal(await ready(page), 'ready');
    const text = (await page.textContent('#view')) ?? '';
    assert.match(text, /sort\.pdqsort/);
    assert.match(text, /Callers.*sort\.Sort/);
    assert.match(text, /Callees.*sort\.partition/);
    await shot(page, 'peek');
    // Without f, the view offers functions to pick.
    await page.goto(cpu.url + '/ui/peek');
    assert.equal(await ready(page), 'ready');
    assert.ok((await page.locator('.pick a').count()) > 5);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('source shows the lines of a function with flat and cum', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(cpu.url + '/ui/source?f=%5Emain%5C.hashLoop%24');
    assert.equal(await ready(page), 'ready');
    const rows = await page.$$eval('table.src tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    const line = (n: string) => rows.find((r) => r[2] === n);
    assert.deepEqual(line('60')?.slice(0, 2), ['490ms', '490ms']);
    assert.deepEqual(line('61')?.slice(0, 2), ['.', '610ms']);
    assert.match(line('61')?.[3] ?? '', /h = mix\(h, b\)/);
    await shot(page, 'source');
    // A regexp that matches nothing is the CLI's error, shown on the page.
    await page.goto(cpu.url + '/ui/source?f=nomatch_xyz');
    assert.equal(await ready(page), 'error');
    assert.match((await page.textContent('.error')) ?? '', /no matches found for regexp/);
    assert.deepEqual(problems.filter((p) => !p.includes('400')), []);
    await page.close();
  });

  test('graph: the -svg call graph, inert, with node selection and Refine', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(cpu.url + '/ui/');
    assert.equal(await ready(page), 'ready');
    const nodes = await page.locator('#graph g.node').count();
    assert.ok(nodes > 20, `${nodes} nodes`);
    assert.equal(await page.locator('#graph script').count(), 0);
    await shot(page, 'graph');
    const node = page.locator('#graph g.node', { has: page.locator('a[*|title^="main.hashLoop "]') });
    const b = (await node.boundingBox())!;
    await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
    assert.equal(await page.textContent('.selection .sel-name'), 'main.hashLoop');
    await page.click('#refine');
    await page.click('.menu >> text=Focus');
    await page.waitForURL(/f=%5Emain%5C.hashLoop%24/);
    assert.equal(await ready(page), 'ready');
    const focused = await page.locator('#graph g.node').count();
    assert.ok(focused < nodes, `${focused} < ${nodes}`);
    // Wheel zooms by the viewBox.
    const before = await page.getAttribute('#graph svg', 'viewBox');
    await page.mouse.move(600, 400);
    await page.mouse.wheel(0, -300);
    assert.notEqual(await page.getAttribute('#graph svg', 'viewBox'), before);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('every view of a hostile profile shows its names as text', async () => {
    const evil = await serve([evilProfileFile()]);
    try {
      const { page, problems } = await newPage(browser);
      const f = encodeURIComponent('^' + EVIL_NAMES[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$');
      for (const path of ['/ui/', `/ui/sandwich?f=${f}`, `/ui/peek?f=${f}`, `/ui/source?f=${f}`, '/ui/peek']) {
        await page.goto(evil.url + path);
        await ready(page);
        assert.equal(await page.locator('img, script:not([src]), iframe').count(), 0, path);
        assert.equal(await page.locator('#view svg svg, #view [onload], #view [onerror]').count(), 0, path);
      }
      await page.goto(evil.url + `/ui/peek?f=${f}`);
      await ready(page);
      assert.match((await page.textContent('#view')) ?? '', /<\/script><script>alert\(2\)<\/script>/);
      await shot(page, 'evil-peek');
      assert.deepEqual(problems.filter((p) => !/status of 400/.test(p)), []);
      await page.close();
    } finally {
      await evil.close();
    }
  });

  test('tags lists labels with their weights, as -tags', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(cpu.url + '/ui/tags');
    assert.equal(await ready(page), 'ready');
    const text = (await page.textContent('pre.tags')) ?? '';
    assert.match(text, /handler: Total 1\.8s/);
    assert.match(text, /1\.1s \(59\.78%\): checkout/);
    await shot(page, 'tags');
    // Every tab reaches its view without errors, keeping the settings.
    for (const tab of ['Graph', 'Top', 'Flame Graph', 'Sandwich', 'Peek', 'Source', 'Tags']) {
      await page.click(`nav.tabs >> text="${tab}"`);
      assert.equal(await ready(page), 'ready', tab);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
});
