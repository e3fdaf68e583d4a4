// Other built checkouts of fluoro, for before/after tables: a bench given
// `--before DIR` runs DIR's fluoro beside this one's.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** listenImportOf is the `--import` argument that loads fluoro/listen from the built checkout at dir, as its package.json exports it. */
export function listenImportOf(dir) {
  const runtime = join(resolve(dir), 'packages/runtime');
  const entry = JSON.parse(readFileSync(join(runtime, 'package.json'), 'utf8')).exports['./listen'];
  return pathToFileURL(join(runtime, typeof entry === 'string' ? entry : entry.default)).href;
}
