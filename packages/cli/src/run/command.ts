// `fluoro run [-output DIR] [-http=host:port] [-no_browser] -- command...`:
// profiles a Node program from start to exit without changing it. The
// command runs with NODE_OPTIONS=--import of the preload, so every Node
// process it starts (node app.js, npm start's script, tsx, forked children)
// profiles itself and writes DIR/cpu.<pid>.pb.gz and DIR/heap.<pid>.pb.gz at
// exit. Then DIR/cpu.pb.gz and DIR/heap.pb.gz hold all of them (one process:
// its profiles as they are; several: combined, each sample labelled pid=N),
// DIR/cpu.cpuprofile the CPU profile for Chrome DevTools,
// a short top report goes to stderr (the program's stdout stays its own),
// and -http serves the web UI on the CPU profile.

import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeProfile, encodeProfile, toCpuProfile } from '@fluoro/profile';
import { AnalyzerError } from '../errors.js';
import { parseFlags, type FlagSpec } from '../driver/flags.js';
import { runPprof } from '../driver/pprof.js';
import { runWebCommand } from '../web/cli.js';
import { combineProfiles } from './combine.js';
import { PER_PROCESS_FILE, type RunProcessInfo } from './files.js';
import { RUN_DIR_ENV, RUN_HEAP_ENV } from './preload-env.js';

const RUN_FLAGS: ReadonlyMap<string, FlagSpec> = new Map([
  ['output', { kind: 'string', help: 'Folder for the profiles (default fluoro-profile)' }],
  ['http', { kind: 'string', help: 'Serve the web UI on the CPU profile at host:port after the program exits' }],
  ['no_browser', { kind: 'bool', help: 'With -http, do not open a browser' }],
  ['allocs', { kind: 'bool', help: 'Heap profile of every allocation (alloc_space), not of what is live at exit' }],
]);

/** RUN_USAGE is fluoro run's help text. */
export const RUN_USAGE = `usage: fluoro run [-output DIR] [-http=host:port] [-no_browser] [-allocs] -- command [args...]
  Profiles every Node process of the command from start to exit (CPU and heap,
  source maps applied) and writes DIR/cpu.pb.gz and DIR/heap.pb.gz.
  -output DIR        folder for the profiles (default fluoro-profile)
  -http host:port    then serve the web UI on the CPU profile
  -no_browser        with -http, do not open a browser
  -allocs            heap.pb.gz counts every allocation (alloc_objects, alloc_space)
                     instead of what the program still held at exit
`;

/** RunIO is where fluoro run prints. */
export interface RunIO {
  stderr: (s: string) => void;
  stdout: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

/** runCommand runs `fluoro run` and resolves to the exit code to leave with (the program's). */
export async function runCommand(args: string[], io: RunIO): Promise<number> {
  const { flags, rest } = parseFlags(args, new Map(RUN_FLAGS));
  if (rest.length === 0) throw new AnalyzerError('no command given; ' + RUN_USAGE.split('\n')[0]);
  const dir = resolve(String(flags.get('output') ?? 'fluoro-profile'));
  mkdirSync(dir, { recursive: true });
  // A previous run's processes must not be counted in this one.
  for (const f of readdirSync(dir)) if (PER_PROCESS_FILE.test(f)) rmSync(join(dir, f), { force: true });

  const allocs = flags.get('allocs') === true;
  const status = await runChild(rest, dir, { ...io.env, [RUN_HEAP_ENV]: allocs ? 'allocs' : 'inuse' });
  const processes = readProcesses(dir);
  if (processes.length === 0) {
    io.stderr(`fluoro run: no Node process of "${rest.join(' ')}" wrote a profile (was it a Node program? NODE_OPTIONS reaches only processes that inherit the environment)\n`);
    return status;
  }
  const cpuPath = join(dir, 'cpu.pb.gz');
  const heapPath = join(dir, 'heap.pb.gz');
  gather(processes, dir, 'cpu', cpuPath);
  gather(processes, dir, 'heap', heapPath);
  // The same CPU profile for Chrome DevTools' Performance panel.
  const devtoolsPath = join(dir, 'cpu.cpuprofile');
  writeFileSync(devtoolsPath, JSON.stringify(toCpuProfile(decodeProfile(readFileSync(cpuPath)))));

  io.stderr(`\nfluoro run: profiled ${processes.length === 1 ? '1 process' : `${processes.length} processes (samples labelled pid=N)`}:\n`);
  for (const p of processes) io.stderr(`  pid ${p.pid}: ${p.argv.join(' ')}  (${(p.durationNanos / 1e9).toFixed(2)}s)\n`);
  io.stderr(`wrote ${cpuPath}, ${heapPath} and ${devtoolsPath} (for Chrome DevTools)\n\n`);
  io.stderr(await topReport(['-top', '-nodecount=10', cpuPath]));
  io.stderr('\n' + (await topReport(['-top', '-nodecount=5', `-sample_index=${allocs ? 'alloc_space' : 'inuse_space'}`, heapPath])));
  io.stderr(`\nmore: fluoro pprof -top -lines ${cpuPath}\n      fluoro pprof -http=127.0.0.1:8080 ${cpuPath}\n`);

  if (flags.has('http')) {
    const web = [`-http=${String(flags.get('http'))}`, ...(flags.get('no_browser') === true ? ['-no_browser'] : []), cpuPath];
    const server = await runWebCommand(web, { stdout: io.stdout, stderr: io.stderr, env: io.env });
    // The UI serves until interrupted, like pprof's -http.
    io.stderr('press Ctrl-C to stop the web UI\n');
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await server?.close();
  }
  return status;
}

// runChild runs the command with the preload in NODE_OPTIONS and resolves to
// its exit status (128 + signal number when a signal ended it, as shells do).
function runChild(command: string[], dir: string, env: NodeJS.ProcessEnv): Promise<number> {
  const preload = new URL('./preload.js', import.meta.url).href;
  const nodeOptions = `${env.NODE_OPTIONS ?? ''} --import=${JSON.stringify(preload)}`.trim();
  const child = spawn(command[0], command.slice(1), {
    stdio: 'inherit',
    env: { ...env, NODE_OPTIONS: nodeOptions, [RUN_DIR_ENV]: dir },
  });
  // A terminal's Ctrl-C reaches the whole process group: the program decides
  // what to do with it, and fluoro run waits to gather what it wrote.
  const ignore = () => {};
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', ignore);
  process.on('SIGTERM', onTerm);
  return new Promise((done, fail) => {
    child.once('error', (err) => {
      cleanup();
      fail(new AnalyzerError(`fluoro run: starting ${command[0]}: ${err.message}`, { cause: err }));
    });
    child.once('exit', (code, signal) => {
      cleanup();
      done(code ?? 128 + signalNumber(signal));
    });
  });
  function cleanup() {
    process.removeListener('SIGINT', ignore);
    process.removeListener('SIGTERM', onTerm);
  }
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return (signal && numbers[signal]) ?? 0;
}

function readProcesses(dir: string): RunProcessInfo[] {
  return readdirSync(dir)
    .filter((f) => /^process\.\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunProcessInfo)
    .sort((a, b) => a.pid - b.pid);
}

// gather writes one profile for the whole command: a single process's file
// as it is, several processes combined with pid labels.
function gather(processes: RunProcessInfo[], dir: string, kind: 'cpu' | 'heap', out: string): void {
  if (processes.length === 1) {
    writeFileSync(out, readFileSync(join(dir, processes[0][kind])));
    return;
  }
  const parts = processes.map((p) => ({ pid: p.pid, profile: decodeProfile(readFileSync(join(dir, p[kind]))) }));
  writeFileSync(out, encodeProfile(combineProfiles(parts)));
}

async function topReport(args: string[]): Promise<string> {
  try {
    const res = await runPprof(args);
    return res.output;
  } catch (err) {
    return `(no report: ${(err as Error).message})\n`;
  }
}

/** runMain is `fluoro run` for main.ts: errors become one line on stderr and exit code 1. */
export async function runMain(args: string[]): Promise<number> {
  try {
    return await runCommand(args, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env });
  } catch (err) {
    if (err instanceof AnalyzerError && err.code === 'ERR_HELP') {
      process.stderr.write(RUN_USAGE);
      return 0;
    }
    process.stderr.write(`${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    return 1;
  }
}
