// A reader that stops early must not make fluoro print a stack trace.

import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const mainJs = join(root, 'packages/cli/dist/src/main.js');

test('a closed stdout pipe ends fluoro pprof quietly', async () => {
  const child = spawn(process.execPath, [mainJs, 'pprof', '-traces', join(root, 'testdata/go/cpu.pb.gz')], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Closing our end before the report is written makes the child's write fail with EPIPE.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(stderr, '');
  assert.equal(code, 0);
});
