// Bundles what loads into a service into a few files (dist/bundle): the
// `fluoro`, `fluoro/listen` and `fluoro/trace` entries, the listener's and
// the trace helper's workers, and the chunks they share. A service then starts with a handful of module loads instead of
// some sixty small ones (start-up CPU and memory: bench/startup.bench.mjs).
// Code splitting keeps one copy of each module for the entries, so an app
// that imports both `fluoro` and `fluoro/listen` has one CPU lock, one heap
// sampler and one registry. Runs after tsc, on its output.

import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const src = join(root, 'dist/src');
const outdir = join(root, 'dist/bundle');
rmSync(outdir, { recursive: true, force: true });

await build({
  // listen.ts and trace/helper-tracer.ts start their workers from new URL('./NAME.js', import.meta.url):
  // the bundle keeps every file in one folder, so the workers are entries by those names.
  entryPoints: {
    index: join(src, 'index.js'),
    listen: join(src, 'listen.js'),
    trace: join(src, 'trace.js'),
    'listen-worker': join(src, 'listen-worker.js'),
    'trace-worker': join(src, 'trace/trace-worker.js'),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  legalComments: 'none',
  // Smaller files parse faster; identifiers stay, since fluoro's own frames show in profiles by name.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
