// URL sources: fluoro pprof fetches from a real HTTP server on 127.0.0.1,
// prints pprof's "Fetching profile over HTTP from" and "Saved profile in"
// lines, saves the profile where and as pprof names it, and reports a
// failed fetch as one line with Go's wording. Where Go is installed, the
// same fetch by go tool pprof is compared.

import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runPprof } from '../src/index.js';
import { adjustURL, fetchURL } from '../src/driver/url-source.js';
import { requires } from '@fluoro/testkit';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const mainJs = join(root, 'packages/cli/dist/src/main.js');
const cpu = readFileSync(join(root, 'testdata/go/cpu.pb.gz'));
const golden = (f: string) => readFileSync(join(root, 'testdata/golden', f), 'utf8');
const run = promisify(execFile);

async function serve(listener: RequestListener): Promise<{ server: Server; base: string }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

// exec runs a command without blocking this process, whose servers must
// answer it; it never rejects.
async function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  try {
    const r = await run(cmd, args, { env: { ...process.env, TZ: 'UTC', ...env }, timeout: 30000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const fluoro = (args: string[], env: NodeJS.ProcessEnv) => exec(process.execPath, [mainJs, 'pprof', ...args], env);
const goPprof = (args: string[], env: NodeJS.ProcessEnv) => exec('go', ['tool', 'pprof', ...args], env);

// Where Go is missing these check fluoro alone; CI has Go and checks both.
const haveGo = !requires('go');

test('adjustURL follows cmd/pprof: host:port sources, default path, seconds, timeout', () => {
  assert.equal(adjustURL('testdata/go/cpu.pb.gz', -1, -1), undefined);
  assert.equal(adjustURL('/tmp/a:b/cpu.pb.gz', -1, -1), undefined);
  assert.equal(adjustURL('foo:bar', -1, -1), undefined);
  assert.deepEqual(adjustURL('localhost:6060', -1, -1), {
    url: 'http://localhost:6060/debug/pprof/profile',
    seconds: 0,
    headerTimeoutMs: 65000,
  });
  assert.deepEqual(adjustURL('http://h:1/debug/pprof/profile?seconds=4&b=x y', -1, -1), {
    url: 'http://h:1/debug/pprof/profile?b=x+y&seconds=4',
    seconds: 4,
    headerTimeoutMs: 11000,
  });
  assert.equal(adjustURL('http://h/debug/pprof/heap?seconds=4', 2, 30)?.url, 'http://h/debug/pprof/heap?seconds=2');
  assert.equal(adjustURL('http://h/debug/pprof/heap', 2, 30)?.headerTimeoutMs, 35000);
});

test('a fetched profile reports like the file and is saved as pprof names it', async () => {
  const queries: string[] = [];
  const { server, base } = await serve((req, res) => {
    queries.push(req.url ?? '');
    res.end(cpu);
  });
  const dir = mkdtempSync(join(tmpdir(), 'fluoro-url-'));
  try {
    const url = `${base}/debug/pprof/profile?seconds=2`;
    const r = await fluoro(['-top', url], { PPROF_TMPDIR: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, golden('cpu.top.txt'));
    const saved = join(dir, 'pprof.gofixture.samples.cpu.001.pb.gz');
    assert.equal(r.stderr, `Fetching profile over HTTP from ${url}\nPlease wait... (2s)\nSaved profile in ${saved}\n`);
    // Numbering continues; -seconds rewrites the query.
    const r2 = await fluoro(['-top', '-seconds=1', base.replace('http://', '')], { PPROF_TMPDIR: dir });
    assert.equal(r2.code, 0, r2.stderr);
    assert.match(r2.stderr, /^Fetching profile over HTTP from http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/profile\?seconds=1\nPlease wait\.\.\. \(1s\)\n/);
    assert.deepEqual(readdirSync(dir).sort(), ['pprof.gofixture.samples.cpu.001.pb.gz', 'pprof.gofixture.samples.cpu.002.pb.gz']);
    assert.deepEqual(queries, ['/debug/pprof/profile?seconds=2', '/debug/pprof/profile?seconds=1']);
    // The saved profile is the profile: its -raw is the fixture's.
    assert.equal((await runPprof(['-raw', saved])).output, golden('cpu.raw.txt'));
    if (haveGo) {
      const g = await goPprof(['-raw', saved], {});
      assert.equal(g.stdout, golden('cpu.raw.txt'));
    }
  } finally {
    await close(server);
  }
});

// The runtime package is loaded by name at run time: the cli's build does
// not depend on it (it only serves here as a real /debug/pprof/ server).
const RUNTIME = 'fluoro';

test('fetching from the fluoro runtime handler prints what go tool pprof prints', async () => {
  const { handler } = (await import(RUNTIME)) as { handler: () => RequestListener };
  const h = handler();
  const { server, base } = await serve((req, res) => h(req, res));
  const dirF = mkdtempSync(join(tmpdir(), 'fluoro-url-'));
  const dirG = mkdtempSync(join(tmpdir(), 'fluoro-url-go-'));
  try {
    const url = `${base}/debug/pprof/heap`;
    const r = await fluoro(['-raw', url], { PPROF_TMPDIR: dirF });
    assert.equal(r.code, 0, r.stderr);
    const savedF = 'pprof.alloc_objects.alloc_space.inuse_objects.inuse_space.001.pb.gz';
    assert.equal(r.stderr, `Fetching profile over HTTP from ${url}\nSaved profile in ${join(dirF, savedF)}\n`);
    // Fetched mappings count as symbolized (pprof's symbolz step): [FN].
    assert.match(r.stdout, /\nMappings\n1: 0x0\/0x0\/0x0   \[FN\]\n/);
    if (haveGo) {
      const g = await goPprof(['-raw', url], { PPROF_TMPDIR: dirG });
      assert.equal(g.stderr.replaceAll(dirG, dirF), r.stderr);
      assert.match(g.stdout, /\nMappings\n1: 0x0\/0x0\/0x0   \[FN\]\n/);
    }
  } finally {
    await close(server);
  }
});

test('a failed fetch is one line naming the URL, with Go wording, exit 1', async () => {
  const { server, base } = await serve((req, res) => {
    if (req.url?.startsWith('/debug/pprof/missing')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Go-Pprof': '1' });
      res.end('Unknown profile\n');
    } else if (req.url?.startsWith('/plain404')) {
      res.writeHead(404);
      res.end('nope');
    } else {
      res.end('this is not a profile');
    }
  });
  const closed = await serve(() => {});
  await close(closed.server);
  const dir = mkdtempSync(join(tmpdir(), 'fluoro-url-'));
  try {
    const cases: [string, string][] = [
      [`${base}/debug/pprof/missing`, 'server response: 404 Not Found - Unknown profile'],
      [`${base}/plain404`, 'server response: 404 Not Found'],
      [`${base}/debug/pprof/cmdline`, 'parsing profile: unrecognized profile format'],
      [`${closed.base}/debug/pprof/heap`, `Get "${closed.base}/debug/pprof/heap": dial tcp ${closed.base.slice(7)}: connect: connection refused`],
    ];
    for (const [url, why] of cases) {
      const r = await fluoro(['-top', url], { PPROF_TMPDIR: dir });
      assert.equal(r.code, 1, url);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `Fetching profile over HTTP from ${url}\n${url}: ${why}\n`);
      if (haveGo) {
        const g = await goPprof(['-top', url], { PPROF_TMPDIR: dir });
        // Go adds a second line, "failed to fetch any source profiles".
        assert.equal(g.stderr.split('\n').slice(0, 2).join('\n') + '\n', r.stderr, url);
      }
    }
    // A source without a scheme is named as given, the URL only on the "Fetching" line.
    const bare = `${base.slice('http://'.length)}/plain404`;
    const r = await fluoro(['-top', bare], { PPROF_TMPDIR: dir });
    assert.equal(r.stderr, `Fetching profile over HTTP from ${base}/plain404\n${bare}: server response: 404 Not Found\n`);
    if (haveGo) {
      const g = await goPprof(['-top', bare], { PPROF_TMPDIR: dir });
      assert.equal(g.stderr.split('\n').slice(0, 2).join('\n') + '\n', r.stderr, bare);
    }
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    await close(server);
  }
});

test('a progress line is shown while a slow fetch waits, and cleared', async () => {
  const { server, base } = await serve((_req, res) => {
    setTimeout(() => res.end(cpu), 1300);
  });
  const dir = mkdtempSync(join(tmpdir(), 'fluoro-url-'));
  try {
    const progress: string[] = [];
    const lines: string[] = [];
    const ui = { print: (l: string) => lines.push(l), printErr: (l: string) => lines.push(l), progress: (t: string) => progress.push(t) };
    const res = await runPprof(['-top', `${base}/debug/pprof/profile?seconds=1`], { ui, env: { env: { PPROF_TMPDIR: dir } } });
    assert.equal(res.output, golden('cpu.top.txt'));
    assert.ok(progress.length >= 2, progress.join('|'));
    assert.match(progress[0], /^Waiting for http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/profile\?seconds=1: 1s of 1s$/);
    assert.equal(progress.at(-1), '');
    assert.equal(lines[0], `Fetching profile over HTTP from ${base}/debug/pprof/profile?seconds=1`);
  } finally {
    await close(server);
  }
});

test('-timeout bounds the wait for response headers, with Go wording', async () => {
  const { server, base } = await serve(() => {
    // never answers
  });
  try {
    const url = `${base}/debug/pprof/heap`;
    const started = Date.now();
    await assert.rejects(fetchURL({ url, seconds: 0, headerTimeoutMs: 300 }), {
      message: `Get "${url}": net/http: timeout awaiting response headers`,
    });
    assert.ok(Date.now() - started < 5000);
  } finally {
    await close(server);
  }
});

test('a body that stops arriving fails after the header timeout instead of hanging', async () => {
  const { server, base } = await serve((_req, res) => {
    res.writeHead(200);
    res.write('x');
    // and nothing more
  });
  try {
    const url = `${base}/debug/pprof/heap`;
    const started = Date.now();
    await assert.rejects(fetchURL({ url, seconds: 0, headerTimeoutMs: 300 }), {
      message: `Get "${url}": no data for 0.3s while reading the response body`,
    });
    assert.ok(Date.now() - started < 5000);
  } finally {
    await close(server);
  }
});

test('redirects are followed as Go follows them, up to 10 requests', async () => {
  const profile = readFileSync(join(root, 'testdata/go/cpu.pb.gz'));
  const { server, base } = await serve((req, res) => {
    if (req.url === '/moved') {
      res.writeHead(302, { Location: '/debug/pprof/profile' });
      res.end();
    } else if (req.url?.startsWith('/loop')) {
      res.writeHead(301, { Location: '/loop' });
      res.end();
    } else {
      res.end(profile);
    }
  });
  try {
    assert.deepEqual(await fetchURL({ url: `${base}/moved`, seconds: 0, headerTimeoutMs: 5000 }), profile);
    await assert.rejects(fetchURL({ url: `${base}/loop`, seconds: 0, headerTimeoutMs: 5000 }), { message: 'Get "/loop": stopped after 10 redirects' });
    if (haveGo) {
      const dir = mkdtempSync(join(tmpdir(), 'fluoro-url-'));
      const g = await goPprof(['-top', `${base}/loop`], { PPROF_TMPDIR: dir });
      assert.equal(g.stderr.split('\n')[1], `${base}/loop: Get "/loop": stopped after 10 redirects`);
    }
  } finally {
    await close(server);
  }
});

test('a refused connection names the address dialed, as Go does', async () => {
  const closed = await serve(() => {});
  await close(closed.server);
  const port = closed.base.slice(closed.base.lastIndexOf(':') + 1);
  const r = await fluoro(['-top', `localhost:${port}`], {});
  assert.match(r.stderr.split('\n')[1], new RegExp(`^localhost:${port}: Get "http://localhost:${port}/debug/pprof/profile": dial tcp (127\\.0\\.0\\.1|\\[::1\\]):${port}: connect: connection refused$`));
  if (haveGo) {
    const g = await goPprof(['-top', `localhost:${port}`], {});
    assert.equal(g.stderr.split('\n')[1], r.stderr.split('\n')[1]);
  }
});
