// Makes docs/flamegraph.png, the README's picture: the web UI's flame graph
// of the demo service's CPU profile. Run `npm run demo` first (it writes
// demo-output/cpu.pb.gz); needs Debian's chromium (apt-get install chromium).
//   node scripts/readme-screenshot.mjs

import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ui = spawn(process.execPath, [join(root, 'packages/cli/dist/src/main.js'), 'pprof', '-http=127.0.0.1:0', '-no_browser', 'demo-output/cpu.pb.gz'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'pipe'],
});
try {
  const url = await new Promise((resolve, reject) => {
    let err = '';
    ui.stderr.on('data', (d) => {
      err += d;
      const m = /Serving web UI on (\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    ui.once('exit', (code) => reject(new Error(`fluoro pprof -http exited with ${code}: ${err}`)));
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 460 } });
    await page.goto(`${url}/ui/flamegraph`);
    await page.waitForSelector('body[data-state=ready]');
    await page.screenshot({ path: join(root, 'docs/flamegraph.png') });
    console.log('wrote docs/flamegraph.png');
  } finally {
    await browser.close();
  }
} finally {
  ui.kill();
}
