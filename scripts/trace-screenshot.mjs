// Makes docs/trace-timeline.png, the picture in docs/trace.md: the timeline
// of `fluoro trace -http URL`, taking a 2 s trace of examples/trace/server.mjs
// under examples/trace/load.mjs, with the longest task selected. Run after
// `npm run build`; needs Debian's chromium (apt-get install chromium).
//   node scripts/trace-screenshot.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const children = [];
const start = (args, env = {}) => {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
};
// waitFor resolves with the first match of re in a child's stream.
const waitFor = (stream, re) =>
  new Promise((resolve) => {
    createInterface({ input: stream }).on('line', (l) => {
      const m = re.exec(l);
      if (m) resolve(m[1]);
    });
  });

try {
  const app = start(['--import', 'fluoro/listen', 'examples/trace/server.mjs'], { PORT: '0', FLUORO_ADDR: '127.0.0.1:0' });
  const [site, endpoint] = await Promise.all([waitFor(app.stdout, /^listening on (\S+?)\/?$/), waitFor(app.stderr, /serving profiles at (\S+)/)]);
  start(['examples/trace/load.mjs', site]);
  await new Promise((r) => setTimeout(r, 500));
  // The fetched trace is saved; keep it out of $HOME/pprof.
  const saved = mkdtempSync(join(tmpdir(), 'fluoro-trace-shot-'));
  const ui = start(['packages/cli/dist/src/main.js', 'trace', '-http=127.0.0.1:0', '-no_browser', `${endpoint}trace?seconds=2`], { PPROF_TMPDIR: saved });
  const url = await waitFor(ui.stderr, /^Serving web UI on (\S+)$/);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 620 } });
    await page.goto(`${url}/trace/`);
    await page.waitForSelector('body[data-state=ready]');
    await page.locator('#long-tasks tbody tr').first().click();
    // Zoom out a little from the task, so the requests around it show.
    const canvas = page.locator('canvas.timeline-canvas');
    const box = await canvas.boundingBox();
    await page.mouse.move(box.x + 190 + (box.width - 190) / 2, box.y + 30);
    await page.mouse.wheel(0, 350);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(root, 'docs/trace-timeline.png') });
    console.log('wrote docs/trace-timeline.png');
  } finally {
    await browser.close();
  }
} finally {
  for (const c of children) c.kill();
}
