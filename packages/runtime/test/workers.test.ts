// Worker threads that load fluoro are part of the process's CPU and heap
// profiles, their samples labelled `thread=worker-N` (the main thread's
// `thread=main`), read by the real go tool pprof.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstRow, goPprof, nextLine, startApp } from './helpers.js';
import { requires } from '@fluoro/testkit';

describe('worker threads in CPU and heap profiles', () => {
  it('shows the hot function of a worker under its thread label', { skip: requires('go') }, async () => {
    const app = startApp('worker-hot-app.mjs');
    try {
      const { url, thread } = JSON.parse(await nextLine(app));
      assert.match(thread, /^worker-\d+$/);
      const { stdout: tags } = await goPprof(['-tags', `${url}profile?seconds=2`]);
      assert.match(tags, new RegExp(`thread: Total .*\\n(.*\\n)*.*: ${thread}\\n`));
      assert.match(tags, /: main\n/);
      const file = tags.match(/Saved profile in (\S+)/)?.[1];
      const source = file ?? `${url}profile?seconds=2`;
      const worker = await goPprof(['-top', `-tagfocus=thread=${thread}`, source]);
      assert.equal(firstRow(worker.stdout), 'hotInWorker', worker.stdout);
      const main = await goPprof(['-top', '-tagfocus=thread=main', source]);
      assert.doesNotMatch(main.stdout, / hotInWorker$/m);

      const heap = await goPprof(['-top', '-sample_index=inuse_space', `-tagfocus=thread=${thread}`, `${url}heap`]);
      assert.equal(firstRow(heap.stdout), 'retainInWorker', heap.stdout);
    } finally {
      await app.stop();
    }
  });
});

describe('worker threads and exit', () => {
  it('lets a profiled worker and then the app exit on their own, silently', async () => {
    const app = startApp('worker-exit-app.mjs');
    try {
      assert.equal(await nextLine(app), 'worker exited 0');
      const code = await new Promise((r) => app.child.once('exit', r));
      assert.equal(code, 0);
      assert.match(app.stderr(), /^fluoro: serving profiles at \S+\n$/);
    } finally {
      await app.stop();
    }
  });

  it('finishes a CPU profile that a worker exits in the middle of', { skip: requires('go') }, async () => {
    const app = startApp('worker-exit-app.mjs', { KEEP: '1' });
    try {
      const { url } = JSON.parse(await nextLine(app));
      // The worker lives ~1.5 s after it starts; the profile runs 3 s.
      await new Promise((r) => setTimeout(r, 500));
      const { stdout } = await goPprof(['-tags', `${url}profile?seconds=3`]);
      assert.match(stdout, /thread: Total/);
      assert.match(await nextLine(app), /^worker exited 0$/);
    } finally {
      await app.stop();
    }
  });
});
