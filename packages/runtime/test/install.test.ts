// fluoro as users install it: every publishable package packed with
// `npm pack`, the `fluoro` tarball installed into a project outside this
// workspace (no workspace links; the other tarballs stand in for the
// registry through `overrides`), then the README's quick start run there
// with `npx`: an app under `--import fluoro/listen` serves profiles,
// `fluoro pprof -top URL` reads them, `fluoro pprof -http` serves the UI and
// its scripts, `fluoro trace` reads a trace, `fluoro run` writes profiles. What `npm pack` leaves out
// (the bin, the built UI) fails here.

import { strict as assert } from 'node:assert';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const PUBLISHED = ['packages/profile', 'packages/ui', 'packages/cli', 'packages/runtime'];

const APP = `import { createServer } from 'node:http';
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
createServer((req, res) => res.end(String(fib(20)))).listen(0, '127.0.0.1');
setInterval(() => fib(24), 2);
`;

const PROG = `function crunch(n) { let h = 0; for (let i = 0; i < n; i++) h = (h * 31 + i) % 1000003; return h; }
let x = 0;
for (let k = 0; k < 40; k++) x += crunch(200_000);
console.log(x > 0);
`;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** npx runs `npx --no ...` in the project: --no forbids fetching the command from the registry. */
function npx(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile('npx', ['--no', ...args], { cwd, env: { ...process.env, ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** waitFor reads a child's stderr until `re` matches, and gives the first group. */
function waitFor(child: ChildProcess, re: RegExp, what: string): Promise<string> {
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no match for ${re} in 60 s; stderr:\n${err}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = re.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}; stderr:\n${err}`));
    });
  });
}

/** importsOf lists the module specifiers a built file imports, statically or dynamically. */
function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('npm install fluoro, then the README quick start', () => {
  let tmp: string;
  let project: string;
  const children: ChildProcess[] = [];

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'fluoro-install-'));
    const packs = join(tmp, 'packs');
    mkdirSync(packs);
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', packs, ...PUBLISHED.flatMap((p) => ['-w', p])], { cwd: repoRoot, encoding: 'utf8' }),
    ) as { name: string; filename: string }[];
    const tarball = new Map(packed.map((p) => [p.name, 'file:' + join(packs, p.filename)]));
    project = join(tmp, 'app');
    mkdirSync(project);
    // Only fluoro is a dependency: the rest must come through it.
    const overrides = Object.fromEntries([...tarball].filter(([name]) => name !== 'fluoro'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'try-fluoro', private: true, type: 'module', dependencies: { fluoro: tarball.get('fluoro') }, overrides }, null, 2),
    );
    writeFileSync(join(project, 'app.js'), APP);
    writeFileSync(join(project, 'prog.js'), PROG);
    // --prefer-offline: @viz-js/viz comes from npm's cache, which npm ci filled.
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: project, stdio: ['ignore', 'ignore', 'pipe'] });
  });

  after(async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGKILL');
          }),
      ),
    );
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** startApp runs the README's `node --import fluoro/listen app.js` in the project and gives its endpoint's URL. */
  async function startApp(): Promise<string> {
    const app = spawn(process.execPath, ['--import', 'fluoro/listen', 'app.js'], {
      cwd: project,
      env: { ...process.env, FLUORO_ADDR: '127.0.0.1:0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(app);
    return waitFor(app, /fluoro: serving profiles at (\S+)\n/, 'the app');
  }

  it('installs real copies, the fluoro command and the built UI', () => {
    for (const pkg of ['fluoro', '@fluoro/cli', '@fluoro/profile', '@fluoro/ui']) {
      const dir = join(project, 'node_modules', pkg);
      assert.ok(existsSync(dir), `${pkg} not installed`);
      assert.ok(realpathSync(dir).startsWith(realpathSync(project)), `${pkg} links outside the project: ${realpathSync(dir)}`);
    }
    assert.ok(existsSync(join(project, 'node_modules/.bin/fluoro')), 'node_modules/.bin/fluoro missing');
    for (const f of ['index.html', 'app.js', 'app.css', 'standalone.js']) {
      assert.ok(existsSync(join(project, 'node_modules/@fluoro/ui/dist', f)), `the UI's ${f} missing`);
    }
  });

  it('loads nothing third-party into the service: fluoro and fluoro/listen import only node: built-ins and their own files', () => {
    const dist = join(project, 'node_modules/fluoro/dist/bundle');
    const foreign = filesUnder(dist)
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) => importsOf(readFileSync(f, 'utf8')).map((spec) => ({ f, spec })))
      .filter(({ spec }) => !spec.startsWith('node:') && !spec.startsWith('./'));
    assert.deepEqual(foreign, []);
  });

  it('serves profiles with --import fluoro/listen, read by npx fluoro pprof -top URL', async () => {
    const url = await startApp();
    const r = await npx(project, ['fluoro', 'pprof', '-top', `${url}profile?seconds=1`], { PPROF_TMPDIR: tmp });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Type: cpu$/m);
    assert.match(r.stdout, /\sfib$/m);
    assert.match(r.stderr, /Saved profile in /);
  });

  it('traces the app with npx fluoro trace -summary URL', async () => {
    const url = await startApp();
    const r = await npx(project, ['fluoro', 'trace', '-summary', `${url}trace?seconds=1`], { PPROF_TMPDIR: tmp });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Event loop: busy [\d.]+%/m);
    assert.match(r.stderr, /Saved trace in /);
  });

  it('serves the web UI and its scripts with npx fluoro pprof -http', async () => {
    const saved = readdirSync(tmp).find((f) => f.endsWith('.pb.gz'));
    assert.ok(saved, 'the -top test saved no profile');
    const ui = spawn('npx', ['--no', 'fluoro', 'pprof', '-http=127.0.0.1:0', '-no_browser', join(tmp, saved)], {
      cwd: project,
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    children.push(ui);
    try {
      const url = await waitFor(ui, /Serving web UI on (http:\/\/\S+)/, 'fluoro pprof -http');
      const page = await fetch(url + '/ui/');
      assert.equal(page.status, 200);
      const html = await page.text();
      for (const src of html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)) {
        const asset = await fetch(new URL(src[1], url + '/ui/'));
        assert.equal(asset.status, 200, src[1]);
        assert.ok((await asset.text()).length > 100, `${src[1]} is empty`);
      }
      assert.match(html, /app\.js/);
      const flame = await fetch(url + '/ui/api/flamegraph');
      assert.equal(flame.status, 200);
    } finally {
      // npx runs the command in a child of its own: end the whole group.
      process.kill(-ui.pid!, 'SIGKILL');
    }
  });

  it('writes profiles with npx fluoro run -output DIR -- node prog.js', async () => {
    const out = join(tmp, 'run-out');
    const r = await npx(project, ['fluoro', 'run', '-output', out, '--', 'node', 'prog.js']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'true\n');
    for (const f of ['cpu.pb.gz', 'heap.pb.gz', 'cpu.cpuprofile']) assert.ok(existsSync(join(out, f)), `${f} missing`);
    assert.match(r.stderr, /\scrunch\n/);
  });
});
