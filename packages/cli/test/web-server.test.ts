// The web UI's server without a browser: pprof's routes and redirect, one
// error path, headers that keep the page inert, no way to reach files by
// path, and flame graph data that adds up to the -collapsed report.

import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import type { FlameView, MetaView, TopView } from '../src/web/contract.js';
import { parseHostPort } from '../src/web/hostport.js';
import { jsonForScript } from '../src/web/standalone.js';
import { confinedPath, sourceRoots } from '../src/web/sourcefiles.js';
import { EVIL_NAMES, writeEvilProfile } from './web-evil.js';
import { MAIN_JS, ROOT, serve, type Served } from './web-harness.js';

const CPU = 'testdata/go/cpu.pb.gz';
let srv: Served;

before(async () => {
  srv = await serve([CPU]);
});

after(async () => {
  await srv?.close();
});

const get = (path: string) => fetch(srv.url + path, { redirect: 'manual' });

test('routes: / redirects to /ui/ with its query; every view path serves the app', async () => {
  const r = await get('/?f=main&si=samples');
  assert.equal(r.status, 307);
  assert.equal(r.headers.get('location'), '/ui/?f=main&si=samples');
  for (const p of ['/ui/', '/ui/top', '/ui/flamegraph', '/ui/peek', '/ui/source', '/ui/sandwich', '/ui/tags']) {
    const res = await get(p);
    assert.equal(res.status, 200, p);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(await res.text(), /assets\/app\.js/);
  }
  const js = await get('/ui/assets/app.js');
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
});

// rawGet sends the path exactly as written (fetch would resolve the dots
// itself, so the server would never see them).
function rawGet(path: string): Promise<{ status: number; location?: string; body: string }> {
  const { hostname, port } = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('no path reaches the file system; errors are one plain line', async () => {
  const app = readFileSync(join(ROOT, 'packages/ui/dist/app.js'), 'utf8');
  const cases: [path: string, status: number, body: string | undefined, location?: string][] = [
    // Dots are resolved as a URL's are, which leaves the /ui/ tree: the redirect to the app.
    ['/ui/assets/../../package.json', 307, '', '/ui/'],
    ['/ui/assets/%2e%2e/%2e%2e/package.json', 307, '', '/ui/'],
    // An encoded slash stays in the name, and no asset has that name.
    ['/ui/assets/%2e%2e%2fpackage.json', 404, 'not found\n'],
    ['/ui/assets/..%2f..%2fpackage.json', 404, 'not found\n'],
    ['/ui/assets/index.ts', 404, 'not found\n'],
    ['/ui/assets/', 404, 'not found\n'],
    ['/ui/nope', 404, 'not found\n'],
    ['/ui/api/nope', 404, 'unknown view\n'],
    ['/ui/api/..%2f..%2fpackage.json', 404, 'unknown view\n'],
    // Resolves to the app's own script, and only that.
    ['/ui/api/../assets/app.js', 200, app],
  ];
  for (const [path, status, body, location] of cases) {
    const res = await rawGet(path);
    assert.equal(res.status, status, path);
    assert.equal(res.location, location, path);
    assert.equal(res.body, body, path);
  }
  const bad = await get('/ui/api/top?f=(');
  assert.equal(bad.status, 400);
  assert.match(bad.headers.get('content-type') ?? '', /^text\/plain/);
  assert.match(await bad.text(), /^parsing focus regexp: .*\n$/);
  const missing = await get('/ui/api/source');
  assert.equal(missing.status, 400);
  const post = await fetch(srv.url + '/ui/api/top', { method: 'POST' });
  assert.equal(post.status, 405);
});

test('views take pprof URL parameters', async () => {
  const top = await (await get('/ui/api/top?si=samples&f=main%5C.fib')).json() as TopView;
  assert.equal(top.sampleType, 'samples');
  assert.ok(top.rows.every((r) => r.name.startsWith('main.') || r.name.startsWith('runtime')), JSON.stringify(top.rows.map((r) => r.name)));
  const meta = await (await get('/ui/api/meta')).json() as MetaView;
  assert.deepEqual(meta, { ...meta, defaultSampleType: 'cpu', diff: false });
});

test('flame graph paths add up to the -collapsed report', async () => {
  const fg = (await (await get('/ui/api/flamegraph')).json() as FlameView).flame;
  assert.equal(fg.elided, 0);
  const stacks = new Map<string, number>();
  const path: string[] = [];
  for (let i = 0; i < fg.frame.length; i++) {
    path.length = fg.depth[i];
    if (fg.depth[i] > 0) path[fg.depth[i] - 1] = fg.names[fg.frame[i]];
    if (fg.self[i] > 0) stacks.set(path.join(';'), fg.self[i]);
  }
  const collapsed = execFileSync(process.execPath, [MAIN_JS, 'pprof', '-collapsed', CPU], { cwd: ROOT, encoding: 'utf8' });
  const want = new Map(collapsed.trim().split('\n').map((l) => {
    const i = l.lastIndexOf(' ');
    return [l.slice(0, i), Number(l.slice(i + 1))] as [string, number];
  }));
  assert.deepEqual(stacks, want);
});

test('-http addresses: loopback unless a host is given', () => {
  assert.deepEqual(parseHostPort(':8080'), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseHostPort('localhost:'), { host: '127.0.0.1', port: 0 });
  assert.deepEqual(parseHostPort('[::1]:9'), { host: '::1', port: 9 });
  assert.deepEqual(parseHostPort('0.0.0.0:80'), { host: '0.0.0.0', port: 80 });
  assert.throws(() => parseHostPort('8080'), /missing port in address/);
});

test('bound to any loopback address, the UI answers clients from any loopback address', async () => {
  const child = spawn(process.execPath, [MAIN_JS, 'pprof', '-http=127.0.0.2:0', '-no_browser', CPU], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /Serving web UI on (http:\/\/\S+)/.exec(err);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${err}`)));
    });
    const { hostname, port } = new URL(url);
    assert.equal(hostname, '127.0.0.2');
    for (const localAddress of ['127.0.0.1', '127.0.0.2']) {
      const status = await new Promise<number>((resolve, reject) => {
        request({ host: hostname, port, path: '/ui/', localAddress }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
      assert.equal(status, 200, `client at ${localAddress}`);
    }
  } finally {
    child.kill();
  }
});

test('JSON inlined into -flamegraph HTML cannot close its script element', () => {
  const s = jsonForScript({ n: '</script><script>alert(1)</script>\u2028' });
  assert.doesNotMatch(s, /<\/script/i);
  assert.deepEqual(JSON.parse(s), { n: '</script><script>alert(1)</script>\u2028' });
});

test('-http opens $BROWSER on the UI unless -no_browser', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluoro-web-'));
  const opened = join(dir, 'opened');
  const fake = join(dir, 'browser.sh');
  writeFileSync(fake, `#!/bin/sh\necho "$1" > '${opened}'\n`);
  chmodSync(fake, 0o755);
  const child = spawn(process.execPath, [MAIN_JS, 'pprof', '-http=127.0.0.1:0', CPU], { cwd: ROOT, env: { ...process.env, BROWSER: fake }, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    let err = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr!.on('data', (d: Buffer) => {
        err += d;
        const m = /Serving web UI on (\S+)/.exec(err);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    for (let i = 0; i < 100 && !existsSync(opened); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(readFileSync(opened, 'utf8').trim(), url + '/ui/');
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await exited;
    }
  }
});

test('settings that rewrite stacks do not leak into later views', async () => {
  const names = async (q: string) => ((await (await get('/ui/api/top' + q)).json()) as TopView).rows.map((r) => `${r.name} ${r.flat}`);
  const hidden = await names('?h=main%5C.mix&sf=runtime%2Fpprof%5C.Do');
  const plain = await names('?n=500');
  assert.notDeepEqual(hidden, plain);
  const cli = execFileSync(process.execPath, [MAIN_JS, 'pprof', '-top', CPU], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(plain.length, cli.split('\n').filter((l) => /^\s+\S+\s+[\d.]+%/.test(l)).length);
  assert.ok(plain.some((r) => r.startsWith('main.mix ')));
});

test('/ui/download is the loaded profile, as in pprof', async () => {
  const res = await get('/ui/download');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-disposition'), 'attachment;filename=profile.pb.gz');
  const dir = mkdtempSync(join(tmpdir(), 'fluoro-web-'));
  const file = join(dir, 'profile.pb.gz');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const top = (f: string) => execFileSync(process.execPath, [MAIN_JS, 'pprof', '-top', f], { cwd: ROOT, encoding: 'utf8' }).split('\n').slice(4).join('\n');
  assert.equal(top(file), top(CPU));
});

test('the Source view reads no file outside the source path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluoro-web-'));
  const secret = join(dir, 'secret.txt');
  writeFileSync(secret, 'TOP-SECRET-LINE\n'.repeat(40));
  const file = join(dir, 'outside.pb.gz');
  // Absolute, relative climbing out of the source path, and one found by pprof's walk up from the working directory.
  writeEvilProfile(file, ['/etc/passwd', '../'.repeat(12) + secret.slice(1), secret]);
  const srv2 = await serve([file]);
  try {
    for (const name of EVIL_NAMES) {
      const q = encodeURIComponent('^' + name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$');
      const res = await fetch(`${srv2.url}/ui/api/source?f=${q}`);
      const body = await res.text();
      assert.doesNotMatch(body, /root:x:0:0|TOP-SECRET-LINE/, name);
      if (res.status === 200) assert.match(body, /not read \(not found inside the source path/, name);
    }
  } finally {
    await srv2.close();
  }
  assert.deepEqual(confinedPath('testdata/go/main.go', sourceRoots('')), join(ROOT, 'testdata/go/main.go'));
});
