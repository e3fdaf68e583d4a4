// Source maps in served profiles: a TypeScript app compiled by tsc (the
// runtime's own build compiles test/fixtures/sourcemap), bundled by esbuild
// with a map file, and bundled minified with an inline map. Each runs under
// fluoro/listen; profiles fetched over HTTP must name the .ts files, their
// lines and the original function names, in fluoro pprof and in the real
// go tool pprof.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { get, goPprof } from './helpers.js';
import { requires } from '@fluoro/testkit';

const noGo = requires('go');
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const source = fileURLToPath(new URL('../../test/fixtures/sourcemap/', import.meta.url));
const compiled = fileURLToPath(new URL('./fixtures/sourcemap/app.js', import.meta.url));
const fluoroCli = fileURLToPath(new URL('../../../cli/dist/src/main.js', import.meta.url));

function fluoroPprof(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [fluoroCli, 'pprof', ...args], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`fluoro pprof ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

// serve runs a script under fluoro/listen and returns its profile URL and a stop function.
async function serve(script: string, nodeArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'fluoro/listen', script], {
    env: { ...process.env, FLUORO_ADDR: '127.0.0.1:0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  try {
    for await (const line of createInterface({ input: child.stderr! })) {
      const m = /fluoro: serving profiles at (\S+)/.exec(line);
      if (m) return { url: m[1], stop };
    }
    throw new Error('app exited before serving profiles');
  } catch (err) {
    await stop();
    throw err;
  }
}

interface Reports {
  cpu: string[];
  heap: string[];
  /** -list=checksumOrders of the CPU profile, by both tools. */
  list: string[];
}

// profileAndReport fetches a CPU and a heap profile and gives both tools' -top -lines reports of each.
async function profileAndReport(script: string, dir: string, name: string, nodeArgs: string[] = []): Promise<Reports> {
  const app = await serve(script, nodeArgs);
  try {
    const cpu = await get(`${app.url}profile?seconds=2`);
    assert.equal(cpu.status, 200);
    const heap = await get(`${app.url}heap`);
    assert.equal(heap.status, 200);
    const cpuFile = join(dir, `${name}.cpu.pb.gz`);
    const heapFile = join(dir, `${name}.heap.pb.gz`);
    writeFileSync(cpuFile, cpu.body);
    writeFileSync(heapFile, heap.body);
    const top = ['-top', '-lines', '-nodecount=200'];
    const list = ['-list=checksumOrders', cpuFile];
    const heapTop = [...top, '-sample_index=inuse_space', heapFile];
    // Without Go these check fluoro's reports alone; CI, which has Go, checks both.
    const both = async (args: string[]) => [await fluoroPprof(args), ...(noGo ? [] : [(await goPprof(args)).stdout])];
    return { list: await both(list), cpu: await both([...top, cpuFile]), heap: await both(heapTop) };
  } finally {
    await app.stop();
  }
}

// rowLines are the lines of a report's rows that name a function in a file.
function rowsFor(report: string, fn: string, file: string): number[] {
  const re = new RegExp(`\\s${fn} (\\S*/${file.replace('.', '\\.')}):(\\d+)$`);
  return report
    .split('\n')
    .map((l) => re.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[2]));
}

function assertNames(reports: string[], fn: string, file: string, lines: [number, number]): void {
  for (const report of reports) {
    const found = rowsFor(report, fn, file);
    assert.ok(found.length > 0, `${fn} in ${file} missing from:\n${report}`);
    for (const line of found) assert.ok(line >= lines[0] && line <= lines[1], `${fn} at ${file}:${line}, want ${lines}:\n${report}`);
    // Generated files and bundler renames must not leak through. The one
    // exception is a bundle's top-level code, which spans all its modules
    // and so keeps the bundle's name: it appears when a heap sample falls in
    // module evaluation, now that sampling starts at import.
    for (const row of report.split('\n').filter((l) => /(app|pricing|bundle(\.min)?)\.js:/.test(l))) {
      assert.match(row, /\s\(anonymous\) \S*bundle(\.min)?\.js:1$/, `generated file in:\n${report}`);
    }
    assert.doesNotMatch(report, /\bmix2\b/);
  }
}

// The functions' line ranges in the fixture sources.
const CHECKSUM_ORDERS: [number, number] = [11, 21]; // pricing.ts, with the `mix` it inlines
const WORK: [number, number] = [24, 28]; // app.ts
const APP_MIX: [number, number] = [13, 20]; // app.ts

describe('source maps in served profiles', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fluoro-sourcemap-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('maps tsc output to .ts files, lines and functions', async () => {
    const r = await profileAndReport(compiled, dir, 'tsc');
    assertNames(r.cpu, 'checksumOrders', 'pricing.ts', CHECKSUM_ORDERS);
    assertNames(r.cpu, 'work', 'app.ts', WORK);
    assertNames(r.heap, 'mix', 'app.ts', APP_MIX);
    // -list reads the .ts file the profile names and shows its lines.
    for (const listing of r.list) {
      assert.match(listing, /ROUTINE =+ checksumOrders in \S*\/pricing\.ts/);
      assert.match(listing, /\s18:\s+h = mix\(h, i\) \^ \(i & 7\);/);
    }
  });

  it('maps an esbuild bundle with a map file, undoing its renames', async () => {
    const outfile = join(dir, 'bundle', 'bundle.js');
    await build({ entryPoints: [join(source, 'app.ts')], bundle: true, platform: 'node', format: 'esm', sourcemap: true, outfile, logLevel: 'silent' });
    const r = await profileAndReport(outfile, dir, 'esbuild');
    assertNames(r.cpu, 'checksumOrders', 'pricing.ts', CHECKSUM_ORDERS);
    assertNames(r.cpu, 'work', 'app.ts', WORK);
    // The bundle calls app.ts's function mix2, to keep it apart from pricing.ts's mix.
    assertNames(r.heap, 'mix', 'app.ts', APP_MIX);
  });

  it('maps a minified esbuild bundle with an inline map', async () => {
    const outfile = join(dir, 'minified', 'bundle.min.js');
    await build({
      entryPoints: [join(source, 'app.ts')],
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      sourcemap: 'inline',
      outfile,
      logLevel: 'silent',
    });
    const r = await profileAndReport(outfile, dir, 'minified');
    // One generated line holds everything: lines are the functions' own (V8's per-line ticks have no column).
    assertNames(r.cpu, 'checksumOrders', 'pricing.ts', CHECKSUM_ORDERS);
    assertNames(r.heap, 'mix', 'app.ts', APP_MIX);
  });

  it('maps the goroutine profile\'s stacks in its text formats', async () => {
    const outfile = join(dir, 'goroutine', 'bundle.min.js');
    await build({ entryPoints: [join(source, 'app.ts')], bundle: true, minify: true, platform: 'node', format: 'esm', sourcemap: 'inline', outfile, logLevel: 'silent' });
    const app = await serve(outfile, [], { FLUORO_ASYNC: 'all' });
    try {
      // The heartbeat interval, created at app.ts:35, is pending for the app's life.
      const counts = (await get(`${app.url}goroutine?debug=1`)).body.toString();
      assert.match(counts, /#\t0x[0-9a-f]+\tscheduleHeartbeat\+0x0\t+\S*\/app\.ts:35\n/, counts);
      const dump = (await get(`${app.url}goroutine?debug=2`)).body.toString();
      assert.match(dump, /goroutine \d+ \[Timeout\]:\nscheduleHeartbeat\(\)\n\t\S*\/app\.ts:35\n/, dump);
      for (const text of [counts, dump]) assert.doesNotMatch(text, /bundle\.min\.js/);
    } finally {
      await app.stop();
    }
  });

  it('maps TypeScript that tsx compiled in memory, through the main thread\'s maps', async () => {
    // fluoro/listen converts on its worker thread; tsx's maps live on the main thread.
    const r = await profileAndReport(join(source, 'app.ts'), dir, 'tsx', ['--import', 'tsx']);
    // tsx emits each module on one line, so lines are the functions' own.
    assertNames(r.cpu, 'checksumOrders', 'pricing.ts', CHECKSUM_ORDERS);
    assertNames(r.heap, 'mix', 'app.ts', APP_MIX);
  });
});
