// fluoro run on real programs: a plain script (and its exit code), a
// TypeScript program under tsx, `npm start` whose script forks a child, and
// a long-running program ended by a signal. Profiles are read back with
// fluoro pprof and the real go tool pprof.

import { strict as assert } from 'node:assert';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { requires } from '@fluoro/testkit';

const here = dirname(fileURLToPath(import.meta.url));
const mainJs = join(here, '../src/main.js');
const fixtures = join(here, '../../test/fixtures/run');
const repoRoot = join(here, '../../../..');
const noGo = requires('go');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function fluoro(args: string[], cwd = repoRoot): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [mainJs, ...args], { cwd, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

// readProfile reports on a written profile with the real go tool pprof, or,
// on a machine without Go, with fluoro pprof (whose output the goldens hold
// equal to Go's): these tests are about what fluoro run writes.
async function readProfile(args: string[]): Promise<string> {
  if (noGo) return (await fluoro(['pprof', ...args])).stdout;
  return new Promise((resolve, reject) => {
    execFile('go', ['tool', 'pprof', ...args], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`go tool pprof ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

describe('fluoro run', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fluoro-run-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('node script.mjs: profiles to exit, reports, keeps stdout and the exit code', async () => {
    const out = join(dir, 'script');
    const r = await fluoro(['run', '-output', out, '--', 'node', join(fixtures, 'script.mjs'), '3']);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stdout, 'done true\n');
    assert.match(r.stderr, /fluoro run: profiled 1 process:/);
    assert.match(r.stderr, /^Type: cpu$/m);
    assert.match(r.stderr, /\scrunchNumbers\n/);
    assert.match(r.stderr, /^Type: inuse_space$/m);
    assert.match(r.stderr, /\shoardRows\n/);
    const cpu = await readProfile(['-top', '-lines', join(out, 'cpu.pb.gz')]);
    assert.match(cpu, /\scrunchNumbers \S*\/script\.mjs:5\n/);
    const heap = await readProfile(['-top', '-sample_index=inuse_space', join(out, 'heap.pb.gz')]);
    assert.match(heap, /\shoardRows\n/);
    // The DevTools copy reads back as the same CPU profile.
    const devtools = (await fluoro(['pprof', '-top', join(out, 'cpu.cpuprofile')])).stdout;
    assert.match(devtools, /\scrunchNumbers\n/);
    // A second run clears the first one's per-process files.
    const again = await fluoro(['run', '-output', out, '--', 'node', join(fixtures, 'script.mjs')]);
    assert.equal(again.code, 0);
    assert.equal(readdirSync(out).filter((f) => f.startsWith('process.')).length, 1);
  });

  test('-allocs: the heap profile counts every allocation', async () => {
    const out = join(dir, 'allocs');
    const r = await fluoro(['run', '-allocs', '-output', out, '--', 'node', join(fixtures, 'script.mjs')]);
    assert.equal(r.code, 0, r.stderr);
    const heap = await readProfile(['-top', join(out, 'heap.pb.gz')]);
    assert.match(heap, /^Type: alloc_space$/m);
    assert.match(heap, /\shoardRows\n/);
  });

  test('node --import tsx main.ts: names the .ts functions and files', async () => {
    const out = join(dir, 'tsx');
    const r = await fluoro(['run', '-output', out, '--', 'node', '--import', 'tsx', join(fixtures, 'tsx', 'main.ts')]);
    assert.equal(r.code, 0, r.stderr);
    const ours = (await fluoro(['pprof', '-top', '-lines', join(out, 'cpu.pb.gz')])).stdout;
    const go = await readProfile(['-top', '-lines', join(out, 'cpu.pb.gz')]);
    for (const report of [ours, go]) {
      // tsx puts each module's code on one line, so lines are the functions' own.
      assert.match(report, /\sdistanceSum \S*\/tsx\/work\.ts:7\n/);
      assert.match(report, /\smakeGrid \S*\/tsx\/main\.ts:4\n/);
    }
  });

  test('npm start with a forked child: one profile per Node process, npm itself left out', async () => {
    const app = join(dir, 'npm-app');
    cpSync(fixtures, app, { recursive: true, filter: (src) => !src.includes('tsx') });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'npm-app', private: true, scripts: { start: 'node parent.mjs' } }));
    const out = join(app, 'profiles');
    const r = await fluoro(['run', '-output', out, '--', 'npm', 'start'], app);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /profiled 2 processes \(samples labelled pid=N\)/);
    assert.match(r.stderr, /pid \d+: \S*node \S*parent\.mjs/);
    assert.match(r.stderr, /pid \d+: \S*node \S*child\.mjs/);
    assert.equal(readdirSync(out).filter((f) => /^cpu\.\d+\.pb\.gz$/.test(f)).length, 2);
    const top = await readProfile(['-top', join(out, 'cpu.pb.gz')]);
    assert.match(top, /\sparentWork\n/);
    assert.match(top, /\schildWork\n/);
    const tags = await readProfile(['-tags', join(out, 'cpu.pb.gz')]);
    assert.equal((tags.match(/\(\s*[\d.]+%\): \d+$/gm) ?? []).length, 2, tags);
  });

  test('a program ended by SIGTERM still writes its profiles', async () => {
    const out = join(dir, 'forever');
    const child = spawn(process.execPath, [mainJs, 'run', '-output', out, '--', 'node', join(fixtures, 'forever.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for await (const line of createInterface({ input: child.stdout })) if (line === 'ready') break;
      await new Promise((r) => setTimeout(r, 500));
      child.kill('SIGTERM');
      assert.equal(await exited, 128 + 15, stderr);
      assert.ok(existsSync(join(out, 'cpu.pb.gz')), stderr);
      assert.match(await readProfile(['-top', join(out, 'cpu.pb.gz')]), /\sspinForever\n/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  test('-http serves the web UI on the result until interrupted', async () => {
    const out = join(dir, 'http');
    const args = [mainJs, 'run', '-output', out, '-http=127.0.0.1:0', '-no_browser', '--', 'node', join(fixtures, 'script.mjs')];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let url = '';
      for await (const line of createInterface({ input: child.stderr })) {
        const m = /^Serving web UI on (\S+)/.exec(line);
        if (m) {
          url = m[1];
          break;
        }
      }
      assert.notEqual(url, '');
      const page = await fetch(`${url}/ui/`);
      assert.equal(page.status, 200);
      child.kill('SIGINT');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  test('refuses a missing command with the usage line', async () => {
    const r = await fluoro(['run', '-output', join(dir, 'none')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no command given; usage: fluoro run/);
  });
});
