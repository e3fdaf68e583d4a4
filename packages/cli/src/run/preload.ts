// fluoro run's preload, loaded into every Node process of the profiled
// command through NODE_OPTIONS=--import: it starts V8's CPU profiler and
// sampling heap profiler before the program's own code loads, and when the
// process exits writes DIR/cpu.<pid>.pb.gz, DIR/heap.<pid>.pb.gz and
// DIR/process.<pid>.json (what the process was), for `fluoro run` to gather.
//
// Side effects on import are this module's whole purpose, and it runs only
// when FLUORO_RUN_DIR names the folder. Profiles are read at the 'exit'
// event, where nothing asynchronous can run: an inspector session on the
// same thread answers synchronously, and the files are written with
// writeFileSync. Frames are mapped through source maps (from files, or from
// Node's cache, which is on so that loaders such as tsx register theirs).

import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { encodeProfile, parseCpuProfile, parseHeapProfile, SourceMapper, type V8CpuProfile, type V8HeapProfile } from '@fluoro/profile';
import { processFiles, type RunProcessInfo } from './files.js';
import { RUN_DIR_ENV, RUN_HEAP_ENV } from './preload-env.js';

// One millisecond, like `node --cpu-prof`: programs under `fluoro run` are
// often short, and Go's 10 ms would leave a one-second script 100 samples.
const CPU_INTERVAL_MICROS = Number(process.env.FLUORO_RUN_CPU_INTERVAL_US ?? 1000);
const HEAP_INTERVAL_BYTES = 512 * 1024;

// npm and npx are Node programs too; what they run is what the user asked about.
// Their bin entries are links (/usr/bin/npm), so the real path decides.
function isPackageManager(): boolean {
  const script = process.argv[1];
  if (script === undefined || script === '') return false;
  let real = script;
  try {
    real = realpathSync(script);
  } catch {
    // A script that is not a file (node -e, the REPL) is not npm.
  }
  return /[\\/](npm|npx)-cli\.js$/.test(real);
}

function post<T>(session: Session, method: string, params?: object): T {
  let answered = false;
  let result: T | undefined;
  let failure: Error | null = null;
  session.post(method, params, (err, res) => {
    answered = true;
    failure = err;
    result = res as T;
  });
  if (!answered) throw new Error(`${method}: the inspector did not answer synchronously`);
  if (failure) throw failure;
  return result as T;
}

// fullGC collects garbage synchronously (the inspector's collectGarbage
// answers later, and nothing later runs at 'exit'): V8 hands out a gc
// function to a new context once the flag is set.
function fullGC(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function start(dir: string): void {
  const session = new Session();
  session.connect();
  post(session, 'Profiler.enable');
  post(session, 'Profiler.setSamplingInterval', { interval: CPU_INTERVAL_MICROS });
  post(session, 'Profiler.start');
  post(session, 'HeapProfiler.enable');
  // V8 keeps either the live samples or all of them (one sampler per
  // isolate): -allocs chooses all, for "what allocated most".
  const allocs = process.env[RUN_HEAP_ENV] === 'allocs';
  post(session, 'HeapProfiler.startSampling', {
    samplingInterval: HEAP_INTERVAL_BYTES,
    ...(allocs ? { includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } : {}),
  });
  process.setSourceMapsEnabled(true);
  const startedNanos = Date.now() * 1e6;
  let done = false;

  const finish = () => {
    if (done) return;
    done = true;
    try {
      const files = processFiles(process.pid);
      const mapper = new SourceMapper();
      const { profile: cpuDoc } = post<{ profile: V8CpuProfile }>(session, 'Profiler.stop');
      const cpu = parseCpuProfile(cpuDoc, { sourceMaps: mapper });
      cpu.timeNanos = startedNanos;
      // Go's heap profile is as of the last GC; so is this one, of what the program still held at exit.
      if (!allocs) fullGC();
      const { profile: heapDoc } = post<{ profile: V8HeapProfile }>(session, 'HeapProfiler.getSamplingProfile');
      const heap = parseHeapProfile(heapDoc, { sourceMaps: mapper });
      heap.timeNanos = Date.now() * 1e6;
      heap.period = HEAP_INTERVAL_BYTES;
      if (allocs) {
        // Every sampled allocation, live or collected: Go's allocs view.
        heap.sampleType = heap.sampleType.map((t) => ({ ...t, type: t.type.replace(/^inuse_/, 'alloc_') }));
        heap.defaultSampleType = 'alloc_space';
      }
      session.disconnect();
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, files.cpu), encodeProfile(cpu));
      writeFileSync(join(dir, files.heap), encodeProfile(heap));
      const info: RunProcessInfo = {
        pid: process.pid,
        ppid: process.ppid,
        argv: [process.argv0, ...process.execArgv, ...process.argv.slice(1)],
        cpu: files.cpu,
        heap: files.heap,
        durationNanos: cpu.durationNanos,
        exitCode: typeof process.exitCode === 'number' ? process.exitCode : 0,
      };
      writeFileSync(join(dir, files.info), JSON.stringify(info) + '\n');
    } catch (err) {
      process.stderr.write(`fluoro run: pid ${process.pid}: could not write profiles: ${(err as Error).message}\n`);
    }
  };
  process.on('exit', finish);

  // A signal's default action ends the process without 'exit'. When the
  // program has no handler of its own, write the profiles and let the signal
  // end the process as it would have; a program with handlers decides itself
  // (and its process.exit() reaches 'exit').
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return;
      finish();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

const dir = process.env[RUN_DIR_ENV];
if (dir !== undefined && dir !== '' && isMainThread && !isPackageManager()) {
  try {
    start(dir);
  } catch (err) {
    process.stderr.write(`fluoro run: pid ${process.pid}: could not start profiling: ${(err as Error).message}\n`);
  }
}
