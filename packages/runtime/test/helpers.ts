// Shared test plumbing: real HTTP requests, child apps and the real go tool pprof.

import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Profile } from '@fluoro/profile';

/** fixture is the path of a test app under test/fixtures. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));
}

/** Response is a whole HTTP response. */
export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** get performs one HTTP GET and collects the response. */
export function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** App is a running child process started from a fixture. */
export interface App {
  child: ChildProcess;
  /** Lines the app printed on stdout, in order. */
  lines: AsyncIterator<string>;
  stderr: () => string;
  stop: () => Promise<void>;
}

/** startApp runs a fixture with node and gives access to its output. */
export function startApp(name: string, env: Record<string, string> = {}, nodeArgs: string[] = []): App {
  const child = spawn(process.execPath, [...nodeArgs, fixture(name)], {
    env: { ...process.env, FLUORO_ADDR: '127.0.0.1:0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    lines,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** nextLine waits for the app's next stdout line. */
export async function nextLine(app: App): Promise<string> {
  const { value, done } = await app.lines.next();
  if (done) throw new Error(`app exited before printing; stderr:\n${app.stderr()}`);
  return value;
}

/** withAppUrl starts a fixture app whose first line is {"url": its /debug/pprof/ URL}, runs fn with that URL, and stops the app however fn ends. */
export async function withAppUrl(name: string, env: Record<string, string>, fn: (url: string) => Promise<void>): Promise<void> {
  const app = startApp(name, env);
  try {
    const { url } = JSON.parse(await nextLine(app)) as { url: string };
    await fn(url);
  } finally {
    await app.stop();
  }
}

/** goPprof runs the real `go tool pprof` and returns its stdout; PPROF_TMPDIR keeps fetched profiles out of $HOME. */
export function goPprof(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const tmp = mkdtempSync(join(tmpdir(), 'fluoro-pprof-'));
  return new Promise((resolve, reject) => {
    execFile('go', ['tool', 'pprof', ...args], { env: { ...process.env, PPROF_TMPDIR: tmp }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`go tool pprof ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

/** firstRow is the function name on the first row of a -top report. */
export function firstRow(top: string): string | undefined {
  const lines = top.split('\n');
  const header = lines.findIndex((l) => /^\s+flat\s+flat%/.test(l));
  return lines[header + 1]?.trim().split(/\s+/).slice(5).join(' ');
}

/** TracedApp is a trace test's app and the two URLs its "ready LISTEN_URL APP_URL" line gives. */
export interface TracedApp {
  app: App;
  /** fluoro/listen's endpoint, e.g. http://127.0.0.1:41234/debug/pprof/ */
  listen: string;
  /** The app's own server, e.g. http://127.0.0.1:35555/ */
  site: string;
}

/** startTracedApp runs a trace fixture under its own import of fluoro/listen and waits for its ready line. */
export async function startTracedApp(name: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<TracedApp> {
  const app = startApp(name, env, nodeArgs);
  const [listen, site] = (await nextLine(app)).replace(/^ready /, '').split(' ');
  return { app, listen, site };
}

/** inuseUnder sums inuse_space over a heap profile's samples whose stack holds the function. */
export function inuseUnder(p: Profile, fn: string): number {
  const k = p.sampleType.findIndex((t) => t.type === 'inuse_space');
  return p.sample
    .filter((s) => s.location.some((l) => l.line.some((ln) => ln.function.name === fn)))
    .reduce((sum, s) => sum + s.value[k], 0);
}
