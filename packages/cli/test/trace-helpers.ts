// Shared by the fluoro trace tests: the committed fixture trace, running the
// built command, and the example service of docs/trace.md started exactly
// as the docs start it.

import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { buildTrace, type Trace } from '../src/trace/model.js';
import { readTrace } from '../src/trace/read.js';

/** ROOT is the repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** MAIN_JS is the built fluoro command. */
export const MAIN_JS = join(ROOT, 'packages/cli/dist/src/main.js');
/** FIXTURE_DIR holds the fixture service, its trace and the trace's summary golden. */
export const FIXTURE_DIR = join(ROOT, 'packages/cli/test/fixtures/trace');
/** FIXTURE is the committed trace, made by scripts/make-trace-fixture.mjs. */
export const FIXTURE = join(FIXTURE_DIR, 'app.trace.json.gz');

/** fixtureTrace reads and groups the fixture trace. */
export function fixtureTrace(): Trace {
  return buildTrace(readTrace(readFileSync(FIXTURE)));
}

/** tempDir is a new directory for one test's files. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fluoro-trace-'));
}

/** fluoroTrace runs `fluoro trace args` to completion; stdout comes back as bytes (-pprof writes binary). */
export function fluoroTrace(args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<Buffer> {
  return spawnSync(process.execPath, [MAIN_JS, 'trace', ...args], {
    cwd: ROOT,
    env: { ...process.env, TZ: 'UTC', PPROF_TMPDIR: tempDir(), ...env },
    maxBuffer: 64 << 20,
  });
}

/** Example is the running example service of docs/trace.md. */
export interface Example {
  /** The app, e.g. http://127.0.0.1:35555 */
  site: string;
  /** fluoro/listen's endpoint, e.g. http://127.0.0.1:41234/debug/pprof/ */
  endpoint: string;
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
}

/** startExample runs `node --import fluoro/listen examples/trace/server.mjs` and `node examples/trace/load.mjs` against it. */
export async function startExample(): Promise<Example> {
  const app = spawn(process.execPath, ['--import', 'fluoro/listen', 'examples/trace/server.mjs'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', FLUORO_ADDR: '127.0.0.1:0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stopApp = stopper(app);
  let stderr = '';
  try {
    const endpoint = new Promise<string>((resolve, reject) => {
      app.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /serving profiles at (\S+)/.exec(stderr);
        if (m) resolve(m[1]);
      });
      app.once('exit', (code) => reject(new Error(`example exited with ${code}: ${stderr}`)));
    });
    const site = new Promise<string>((resolve) => {
      createInterface({ input: app.stdout! }).on('line', (l) => {
        const m = /^listening on (http:\/\/\S+?)\/?$/.exec(l);
        if (m) resolve(m[1]);
      });
    });
    const [s, e] = await Promise.all([site, endpoint]);
    const load = spawn(process.execPath, ['examples/trace/load.mjs', s], { cwd: ROOT, stdio: 'ignore' });
    const stopLoad = stopper(load);
    return {
      site: s,
      endpoint: e,
      stop: async () => {
        await stopLoad();
        await stopApp();
      },
    };
  } catch (err) {
    await stopApp();
    throw err;
  }
}

/** fluoroTraceAsync runs `fluoro trace args` without blocking the event loop (the example serves meanwhile). */
export function fluoroTraceAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: Buffer; stderr: string }> {
  const child = spawn(process.execPath, [MAIN_JS, 'trace', ...args], {
    cwd: ROOT,
    env: { ...process.env, TZ: 'UTC', PPROF_TMPDIR: tempDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  let err = '';
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr: err })));
}
