// Opening the UI in a browser, as pprof does: $BROWSER first, then the
// platform's opener. Failing to start one is not an error: the URL is
// printed anyway.

import { spawn } from 'node:child_process';

function candidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[][] {
  const out: string[][] = [];
  if (env.BROWSER) out.push(env.BROWSER.split(' ').filter((s) => s !== ''));
  if (platform === 'darwin') out.push(['/usr/bin/open']);
  else if (platform === 'win32') out.push(['cmd', '/c', 'start', '']);
  else out.push(['xdg-open']);
  return out;
}

/** openBrowser starts a browser on url, trying each candidate until one starts. */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): void {
  const list = candidates(env, platform);
  const next = (i: number): void => {
    if (i >= list.length) return;
    const [cmd, ...args] = list[i];
    const child = spawn(cmd, [...args, url], { stdio: 'ignore', detached: true });
    child.on('error', () => next(i + 1));
    child.unref();
  };
  next(0);
}
