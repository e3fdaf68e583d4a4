// The browser app's files, built by packages/ui into its dist folder. The
// server serves exactly the files found there at start-up, by name, so no
// request path ever reaches the file system.

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { AnalyzerError } from '../errors.js';

/** Asset is one file of the UI with its content type. */
export interface Asset {
  body: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** uiDistDir is packages/ui/dist, found through the workspace package @fluoro/ui. */
export function uiDistDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('@fluoro/ui/package.json')), 'dist');
  } catch (err) {
    throw new AnalyzerError('web UI: package @fluoro/ui is not installed', { cause: err, code: 'ERR_UI_MISSING' });
  }
}

/** loadAssets reads every file of the UI's dist folder. */
export function loadAssets(dir = uiDistDir()): Map<string, Asset> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new AnalyzerError(`web UI: ${dir} is missing; build it with npm run build`, { cause: err, code: 'ERR_UI_MISSING' });
  }
  const assets = new Map<string, Asset>();
  for (const name of names) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, { body: readFileSync(join(dir, name)), type });
  }
  if (!assets.has('index.html') || !assets.has('app.js')) {
    throw new AnalyzerError(`web UI: ${dir} has no index.html or app.js; build it with npm run build`, { code: 'ERR_UI_MISSING' });
  }
  return assets;
}
