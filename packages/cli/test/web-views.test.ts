// The function views in a real browser: Sandwich draws callers over callees
// of one function, Peek lists them with the -peek report's weights, Source
// shows the function's lines with their costs; each starts from a link in
// Top. Screenshots go to test-artifacts/web.

import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, newPage, ready, serve, shot, type Served } from './web-harness.js';

let browser: Browser;
let cpu: Served;

before(async () => {
  [browser, cpu] = await Promise.all([launch(), serve(['testdata/go/cpu.pb.gz'])]);
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
