// `fluoro trace -http` in a real browser (Debian chromium via
// playwright-core) on the committed fixture trace: the JSON conforms to
// the contract, the timeline is drawn, zooms and pans, the long task is
// listed and clicking it shows its stack, its flame graph link opens the
// pprof UI on the slice's CPU samples, hostile names stay text, and nothing
// logs an error. The server's rules (loopback-only clients, methods, CSP)
// are checked over HTTP.

import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { requires } from '@fluoro/testkit';
import type { Browser } from 'playwright-core';
import type { TimelineView } from '../src/web/trace-contract.js';
import { checkTimeline } from '../src/web/trace-contract-shapes.js';
import { serveTrace } from '../src/web/trace-server.js';
import { loadTrace } from '../src/trace/source.js';
import { FIXTURE, MAIN_JS, ROOT } from './trace-helpers.js';
import { launch, newPage, shot } from './web-harness.js';

const EVIL_TASK = '<img src=x onerror=alert(1)>';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(url: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** serveFixture runs `fluoro trace -http=127.0.0.1:0 -no_browser FIXTURE` and waits for its URL. */
function serveFixture(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [MAIN_JS, 'trace', '-http=127.0.0.1:0', '-no_browser', FIXTURE], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, BROWSER: '' } });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /^Serving web UI on (http:\/\/\S+)$/m.exec(err);
      if (m) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`fluoro trace -http exited with ${code}: ${err}`)));
  });
}

describe('fluoro trace -http', () => {
  let url: string;
  let child: ChildProcess;
  let data: TimelineView;
  before(async () => {
    ({ url, child } = await serveFixture());
    data = JSON.parse((await get(`${url}/trace/api/timeline`)).body) as TimelineView;
  });
  after(() => child?.kill());

  test('the timeline JSON conforms to the contract and holds the trace', () => {
    assert.deepEqual(checkTimeline(data), []);
    const titles = data.lanes.map((l) => l.title);
    for (const t of ['event loop', 'main thread (Node, V8)', 'HTTP server requests', 'HTTP client requests', 'user tasks', 'user regions', 'event loop delay', 'heap used']) assert.ok(titles.includes(t), t);
    // The worker's own lane holds its GC and sync fs calls.
    const worker = data.lanes.findIndex((l) => l.kind === 'thread' && /^thread \d+$/.test(l.title));
    assert.ok(worker >= 0, JSON.stringify(titles));
    const names = new Set(data.slices.filter((s) => s.lane === worker).map((s) => s.name));
    assert.ok(names.has('MinorGC') && names.has('fs.sync.read'), JSON.stringify([...names]));
    const long = data.slices[data.longTasks[0].slice];
    assert.equal(data.lanes[long.lane].title, 'event loop');
    assert.ok(long.details.stack!.some((f) => f.startsWith('buildReport ')));
    assert.ok(long.details.fields.some(([k, v]) => k === 'request' && v === 'GET /report'));
    assert.equal(data.longTasks[0].request, 'GET /report');
    assert.match(data.longTasks[0].func, /^buildReport /);
    assert.ok(long.details.cpu!.samples > 100, `${long.details.cpu!.samples} samples`);
    const upstream = data.slices.find((s) => /^GET 127\.0\.0\.1:\d+\/inventory$/.test(s.name) && s.segments?.some((p) => p.name === 'first byte'));
    assert.ok(upstream, 'a client request with its phases');
    assert.ok(data.tasks.some((g) => g.name === EVIL_TASK && g.count === 1));
    for (const g of [...data.tasks, ...data.regions]) assert.equal(g.buckets.reduce((a, b) => a + b.slices.length, 0), g.count, g.name);
  });

  test('the server: "/" redirects to the page, pages carry the UI\'s CSP, other methods and paths fail', async () => {
    const root = await get(url + '/');
    assert.equal(root.status, 307);
    assert.equal(root.headers.location, '/trace/');
    const page = await get(url + '/trace/');
    assert.equal(page.status, 200);
    const flame = await get(url + '/cpu/0-1000000/ui/flamegraph');
    assert.equal(flame.status, 200);
    assert.match(String(page.headers['content-security-policy']), /^default-src 'none'; script-src 'self';/);
    assert.equal(page.headers['content-security-policy'], flame.headers['content-security-policy']);
    assert.equal((await get(url + '/trace/', 'POST')).status, 405);
    assert.equal((await get(url + '/trace/nope')).status, 404);
    assert.equal((await get(url + '/cpu/5-1/ui/')).status, 404);
    assert.equal((await get(url + '/cpu/0-999999999999/ui/')).status, 404);
    const win = await get(url + '/cpu/0-1000000');
    assert.equal(win.status, 307);
    assert.equal(win.headers.location, '/cpu/0-1000000/ui/flamegraph');
    const dl = await get(url + '/trace/download');
    assert.equal(dl.status, 200);
    assert.equal(dl.headers['content-disposition'], 'attachment;filename=trace.json.gz');
  });

  test('a loopback bind answers only loopback clients, as fluoro pprof -http does', async () => {
    const ip = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (ip === undefined) return;
    const loaded = await loadTrace(FIXTURE, { seconds: -1, timeout: -1, env: {} }, { print: () => {}, printErr: () => {} });
    const server = await serveTrace({ loaded, host: '0.0.0.0', port: 0, localOnly: true, log: () => {} });
    try {
      const port = new URL(server.url).port;
      const far = await get(`http://${ip}:${port}/trace/`);
      assert.equal(far.status, 403);
      assert.equal(far.body, 'permission denied\n');
      assert.equal((await get(`http://${ip}:${port}/cpu/0-1000/ui/`)).status, 403);
      assert.equal((await get(`http://127.0.0.1:${port}/trace/`)).status, 200);
    } finally {
      await server.close();
    }
  });

  describe('in chromium', { skip: requires('chromium') }, () => {
    let browser: Browser;
    before(async () => {
      browser = await launch();
    });
    after(() => browser?.close());

    test('timeline drawn; the long task listed, clickable, with its stack; zoom and pan', async () => {
      const { page, problems } = await newPage(browser, 1400, 900);
      await page.goto(url + '/trace/');
      await page.waitForSelector('body[data-state=ready]');
      const canvas = page.locator('canvas.timeline-canvas');
      const state = async () => (await canvas.evaluate((c) => ({ ...(c as HTMLElement).dataset }))) as Record<string, string>;
      const s0 = await state();
      assert.ok(Number(s0.drawn) > 20, `drawn ${s0.drawn}`);
      assert.equal(Number(s0.viewStart), 0);
      assert.equal(Number(s0.viewEnd), Math.round(data.duration));
      // The long task is the first row; clicking it selects it, zooms to it and shows its stack.
      const row = page.locator('#long-tasks tbody tr').first();
      assert.match((await row.textContent())!, /buildReport .*GET \/report/);
      await row.click();
      const id = Number(await row.getAttribute('data-slice'));
      assert.equal(id, data.longTasks[0].slice);
      const s1 = await state();
      assert.equal(Number(s1.selected), id);
      const slice = data.slices[id];
      assert.ok(Number(s1.viewStart) <= slice.start && Number(s1.viewEnd) >= slice.start + slice.dur, 'the slice in view');
      assert.ok(Number(s1.viewEnd) - Number(s1.viewStart) < data.duration, 'zoomed in');
      assert.equal(await page.locator('#details h2').textContent(), 'http task');
      const stack = await page.locator('#details ol.stack li').allTextContents();
      assert.deepEqual(stack, slice.details.stack);
      await shot(page, 'trace-timeline');
      // The wheel zooms around the pointer; a drag pans; 0 resets.
      const box = (await canvas.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.6, box.y + 40);
      const before = await state();
      await page.mouse.wheel(0, -400);
      const zoomed = await state();
      assert.ok(Number(zoomed.viewEnd) - Number(zoomed.viewStart) < Number(before.viewEnd) - Number(before.viewStart), 'wheel zooms in');
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.3, box.y + 40, { steps: 5 });
      await page.mouse.up();
      const panned = await state();
      assert.ok(Number(panned.viewStart) > Number(zoomed.viewStart), 'dragging left moves later');
      await canvas.focus();
      await page.keyboard.press('0');
      assert.equal(Number((await state()).viewStart), 0);
      assert.deepEqual(problems, []);
      await page.close();
    });

    test('clicking a slice in the canvas shows its details', async () => {
      const { page, problems } = await newPage(browser, 1400, 900);
      await page.goto(url + '/trace/');
      await page.waitForSelector('body[data-state=ready]');
      const canvas = page.locator('canvas.timeline-canvas');
      // Find the long task's place through the widget's own geometry, then click there.
      const id = data.longTasks[0].slice;
      const slice = data.slices[id];
      const box = (await canvas.boundingBox())!;
      const width = box.width;
      const x = 190 + ((slice.start + slice.dur / 2) / data.duration) * (width - 190);
      await page.mouse.click(box.x + x, box.y + 24 + 8);
      assert.equal(Number(await canvas.getAttribute('data-selected')), id);
      assert.equal(await page.locator('#details h2').textContent(), 'http task');
      assert.deepEqual(problems, []);
      await page.close();
    });

    test('the flame graph link opens the pprof UI on the slice\'s CPU samples', async () => {
      const { page, problems } = await newPage(browser, 1400, 900);
      await page.goto(url + '/trace/');
      await page.waitForSelector('body[data-state=ready]');
      await page.locator('#long-tasks tbody tr').first().click();
      const link = page.locator('#details a.flame-link');
      const href = (await link.getAttribute('href'))!;
      const cpu = data.slices[data.longTasks[0].slice].details.cpu!;
      assert.equal(href, `/cpu/${Math.floor(cpu.from)}-${Math.ceil(cpu.to)}/ui/flamegraph`);
      assert.match((await link.textContent())!, new RegExp(`Flame graph of the ${cpu.samples} CPU samples in this slice`));
      await page.goto(url + href);
      await page.waitForSelector('body[data-state=ready]');
      assert.ok(await page.locator('canvas.flame-canvas').count());
      const top = JSON.parse((await get(url + href.replace('/ui/flamegraph', '/ui/api/top'))).body) as { rows: { name: string; cum: number }[] };
      assert.ok(top.rows.some((r) => r.name === 'buildReport'), JSON.stringify(top.rows.slice(0, 5)));
      await shot(page, 'trace-flame');
      assert.deepEqual(problems, []);
      await page.close();
    });

    test('names from the trace are text: task, region and log message; search filters', async () => {
      const { page, problems } = await newPage(browser, 1400, 900);
      await page.goto(url + '/trace/');
      await page.waitForSelector('body[data-state=ready]');
      const names = await page.locator('#user-tasks h3').allTextContents();
      assert.ok(names.includes(EVIL_TASK), JSON.stringify(names));
      const regions = await page.locator('#user-regions h3').allTextContents();
      assert.ok(regions.includes('"><svg onload=alert(3)>'), JSON.stringify(regions));
      // The evil task's histogram bar lists it; picking it shows its details.
      const group = page.locator('#user-tasks .latency-group', { hasText: EVIL_TASK });
      await group.locator('button.bar-col:not([disabled])').first().click();
      await group.locator('button.pick').first().click();
      assert.equal(await page.locator('#details h2').textContent(), EVIL_TASK);
      const log = await page.locator('#details ul.logs li').first().textContent();
      assert.match(log!, /<\/script><script>alert\(2\)<\/script> red \u001b\[31malert\u001b\[0m\nnext line$/);
      // Nothing became markup: one script (the app), no image, no svg.
      assert.equal(await page.locator('img').count(), 0);
      assert.equal(await page.locator('svg').count(), 0);
      assert.equal(await page.locator('script').count(), 1);
      // The search keeps the matching group and dims the rest of the timeline.
      await page.fill('#search', 'onerror');
      await page.waitForFunction(() => (document.querySelector('#user-tasks .latency-group:not([hidden])') as HTMLElement | null)?.textContent?.includes('onerror') === true);
      const visible = await page.locator('#user-tasks .latency-group:not([hidden]) h3').allTextContents();
      assert.deepEqual(visible, [EVIL_TASK]);
      assert.equal(await page.locator('#long-tasks tbody tr:not([hidden])').count(), 0);
      await page.fill('#search', 'buildReport');
      await page.waitForFunction(() => document.querySelectorAll('#long-tasks tbody tr:not([hidden])').length > 0);
      assert.match((await page.locator('#long-tasks tbody tr:not([hidden])').first().textContent())!, /buildReport/);
      assert.deepEqual(problems, []);
      await page.close();
    });
  });
});
