// Shared by the web UI tests: start `fluoro pprof -http` as a child on a
// free loopback port, drive Debian's chromium through playwright-core (never
// a downloaded browser), and keep screenshots under test-artifacts/web.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM } from '@fluoro/testkit';
import { chromium, type Browser, type Page } from 'playwright-core';

/** ROOT is the repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** MAIN_JS is the built fluoro command. */
export const MAIN_JS = join(ROOT, 'packages/cli/dist/src/main.js');
/** ARTIFACTS is where screenshots go (gitignored). */
export const ARTIFACTS = join(ROOT, 'test-artifacts/web');

/** Served is a running UI server. */
export interface Served {
  url: string;
  child: ChildProcess;
  close(): Promise<void>;
}

/** serve runs fluoro pprof -http=127.0.0.1:0 -no_browser with extra args and waits for its URL. */
export function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [MAIN_JS, 'pprof', '-http=127.0.0.1:0', '-no_browser', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BROWSER: '' },
  });
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('server did not start: ' + err));
    }, 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /Serving web UI on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          child,
          close: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill();
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${err}`));
    });
  });
}

/** launch starts headless chromium with the flags CI machines need. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** openUi launches chromium and the UI server together; when either fails, the other is closed before the error is thrown, so no process outlives the test file. */
export async function openUi(args: string[]): Promise<{ browser: Browser; served: Served }> {
  const [browser, served] = await Promise.allSettled([launch(), serve(args)]);
  if (browser.status === 'fulfilled' && served.status === 'fulfilled') return { browser: browser.value, served: served.value };
  await Promise.all([browser.status === 'fulfilled' && browser.value.close(), served.status === 'fulfilled' && served.value.close()]);
  throw browser.status === 'rejected' ? browser.reason : (served as PromiseRejectedResult).reason;
}

/** Watched is a page with everything that went wrong on it. */
export interface Watched {
  page: Page;
  /** Console errors, uncaught exceptions and dialogs (alert() would be an XSS). */
  problems: string[];
}

/** newPage opens a page that records console errors, page errors and dialogs. */
export async function newPage(browser: Browser, width = 1280, height = 800): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width, height } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push('console: ' + m.text());
  });
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('dialog', (d) => {
    problems.push('dialog: ' + d.message());
    void d.dismiss();
  });
  return { page, problems };
}

/** ready waits until the app has drawn its view (or shown an error). */
export async function ready(page: Page): Promise<string> {
  await page.waitForSelector('body[data-state=ready], body[data-state=error]', { timeout: 60_000 });
  return (await page.getAttribute('body', 'data-state')) ?? '';
}

/** shot saves a screenshot as test-artifacts/web/NAME.png. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, name + '.png'), fullPage: false });
}
