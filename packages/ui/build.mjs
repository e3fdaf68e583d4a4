// Builds the browser app into dist/: app.js (the UI served by fluoro pprof
// -http), standalone.js (the flame graph inlined into -flamegraph HTML
// files), timeline.js (the page of fluoro trace -http), their CSS and HTML.
// One esbuild call, no CDN, no runtime deps.

import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: { app: join(root, 'src/main.ts'), standalone: join(root, 'src/standalone.ts'), timeline: join(root, 'src/timeline/main.ts') },
  outdir: dist,
  bundle: true,
  format: 'iife',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const f of ['index.html', 'app.css', 'timeline.html', 'timeline.css']) copyFileSync(join(root, 'src', f), join(dist, f));
