// The README's framework examples, run as written: examples/frameworks/
// express.mjs, fastify.mjs and koa.mjs mount fluoro's handler on the app's
// own port; fluoro pprof fetches a CPU profile from it while /work is busy,
// and the index and heap answer.

import { strict as assert } from 'node:assert';
import { execFile, spawn } from 'node:child_process';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const mainJs = join(here, '../src/main.js');
const examples = join(here, '../../../../examples/frameworks');

function get(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

function fluoroPprof(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [mainJs, 'pprof', ...args], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`fluoro pprof ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

for (const framework of ['express', 'fastify', 'koa']) {
  describe(`examples/frameworks/${framework}.mjs`, () => {
    test('serves /debug/pprof/ on the app port; fluoro pprof reads it', async () => {
      const child = spawn(process.execPath, [join(examples, `${framework}.mjs`)], {
        env: { ...process.env, PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        let base = '';
        for await (const line of createInterface({ input: child.stdout })) {
          const m = /listening on (http:\/\/\S+?)\/?$/.exec(line);
          if (m) {
            base = m[1];
            break;
          }
        }
        assert.ok(base !== '', `no listening line; stderr:\n${stderr}`);

        let busy = true;
        const load = (async () => {
          while (busy) assert.equal((await get(`${base}/work`)).status, 200);
        })();
        const top = await fluoroPprof(['-top', `${base}/debug/pprof/profile?seconds=1`]);
        busy = false;
        await load;
        assert.match(top, /\sbusyWork\n/);

        const index = await get(`${base}/debug/pprof/`);
        assert.equal(index.status, 200);
        assert.match(index.body.toString(), /<a href='heap\?debug=1'>heap<\/a>/);
        const heap = await get(`${base}/debug/pprof/heap`);
        assert.equal(heap.status, 200);
        assert.deepEqual([...heap.body.subarray(0, 2)], [0x1f, 0x8b]);
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
    });
  });
}
