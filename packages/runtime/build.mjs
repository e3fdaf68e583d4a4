// Bundles what loads into a service into a few files (dist/bundle): the
// `fluoro`, `fluoro/listen` and `fluoro/trace` entries, the listener's and
// the trace helper's workers, and the chunks they share. A service then
// starts with a handful of module loads instead of some sixty small ones
// (start-up CPU and memory: bench/startup.bench.mjs). Code splitting keeps
// one copy of each module for the entries, so an app that imports both
// `fluoro` and `fluoro/listen` has one CPU lock, one heap sampler and one
// registry; what a service needs only later (the trace collector, the
// index page) is behind a dynamic import(), in chunks of its own. The main
// thread's trace recorder is one more file, trace-recorder.cjs, loaded with
// require() when the first trace starts (src/trace/recorder-hook.ts): what
// it shares with `fluoro/trace` lives on globalThis. Runs after tsc, on its
// output.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const src = join(root, 'dist/src');
const outdir = join(root, 'dist/bundle');
rmSync(outdir, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  // Smaller files parse faster; identifiers stay, since fluoro's own frames show in profiles by name.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

await build({
  ...common,
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
  splitting: true,
  format: 'esm',
  chunkNames: 'chunk-[hash]',
});

await build({
  ...common,
  // The recorder must load synchronously, even in an inspector interrupt of a busy main thread: CommonJS.
  entryPoints: { 'trace-recorder': join(src, 'trace/recorder.js') },
  outdir,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
});
