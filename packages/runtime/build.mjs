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
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const src = join(root, 'dist/src');
const outdir = join(root, 'dist/bundle');
rmSync(outdir, { recursive: true, force: true });

// esbuild puts whole files into chunks, by which entries import them, and
// an import of @fluoro/profile's index counts as an import of every file it
// re-exports: the main thread, which encodes a goroutine profile, would load
// the decoder and merge too. So each import of the package is rewritten to
// the files that define the names (on one line, keeping tsc's source maps).
const profileDir = join(root, '../profile/dist/src');
const definedIn = new Map();
for (const m of readFileSync(join(profileDir, 'index.js'), 'utf8').matchAll(/^export \{([^}]*)\} from '(\.[^']+)';$/gm)) {
  for (const name of m[1].split(',')) definedIn.set(name.trim(), join(profileDir, m[2]));
}
const profileImport = /^import \{([^}]*)\} from '@fluoro\/profile';$/gm;
const deepProfileImports = {
  name: 'deep-profile-imports',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(src)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes("from '@fluoro/profile'")) return undefined;
      const contents = text.replace(profileImport, (_, names) =>
        names
          .split(',')
          .map((spec) => spec.trim())
          .map((spec) => {
            const file = definedIn.get(spec.split(/\s+as\s+/)[0]);
            if (file === undefined) throw new Error(`${args.path}: @fluoro/profile does not re-export ${spec} by name`);
            return `import { ${spec} } from ${JSON.stringify(file)};`;
          })
          .join(' '),
      );
      if (contents.includes("'@fluoro/profile'")) throw new Error(`${args.path}: an import of @fluoro/profile this build cannot rewrite`);
      return { contents, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

const common = {
  plugins: [deepProfileImports],
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

// The main thread's entries and the workers' are built apart: the threads
// share no module instances anyway, and a chunk shared with a worker would
// bring the main thread code only the worker runs (and more files to load).
await build({
  ...common,
  entryPoints: {
    index: join(src, 'index.js'),
    listen: join(src, 'listen.js'),
    trace: join(src, 'trace.js'),
  },
  outdir,
  splitting: true,
  format: 'esm',
  chunkNames: 'chunk-[hash]',
});

await build({
  ...common,
  // listen.ts and trace/helper-tracer.ts start their workers from new URL('./NAME.js', import.meta.url):
  // the bundle keeps every file in one folder, so the workers are entries by those names.
  entryPoints: {
    'listen-worker': join(src, 'listen-worker.js'),
    'trace-worker': join(src, 'trace/trace-worker.js'),
  },
  outdir,
  splitting: true,
  format: 'esm',
  chunkNames: 'worker-chunk-[hash]',
});

await build({
  ...common,
  // The recorder must load synchronously, even in an inspector interrupt of a busy main thread: CommonJS.
  entryPoints: { 'trace-recorder': join(src, 'trace/recorder.js') },
  outdir,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
});
