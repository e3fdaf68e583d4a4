// How the thread that builds a trace reaches the main thread's recorder: a
// global object, called through Runtime.evaluate, which reaches the main
// thread even while it runs a long callback (an inspector interrupt). The
// object is all that loads when fluoro starts. The recorder itself
// (recorder.ts, bundled on its own as trace-recorder.cjs: build.mjs) loads
// when the process's first trace starts, with require(): the call may come
// in an interrupt of a busy thread, where an import() could never finish.
// The trace memory (ring.ts) is made then too, and handed to fluoro/listen's
// worker through `share`.

import { createRequire } from 'node:module';

/** LoopUse is the main thread's event-loop utilization over a trace. */
export interface LoopUse {
  activeMs: number;
  idleMs: number;
  utilization: number;
}

/** Recorder is the main thread's recorder. */
export interface Recorder {
  /** start records (detail: also sampled await times); true. */
  start(detail: boolean): boolean;
  /** stop ends recording; null when it was not recording. */
  stop(): LoopUse | null;
}

/** RecorderModule is what the recorder's bundle exports. */
export interface RecorderModule {
  createRecorder(): Recorder;
  /** traceMemory makes the process's trace memory (ring.ts), once. */
  traceMemory(): SharedArrayBuffer;
}

/** TraceHook is the recorder as the global hook exposes it, with `share`: hand the trace memory (made now if need be) to fluoro/listen's worker; false without a listener. */
export interface TraceHook extends Recorder {
  share(): boolean;
}

/** TraceHookOptions configures installTraceRecorder. */
export interface TraceHookOptions {
  /** shareMemory posts the trace memory to fluoro/listen's worker. */
  shareMemory?: (memory: SharedArrayBuffer) => void;
}

/** RECORDER_KEY is the Symbol.for key of the global hook. */
export const RECORDER_KEY = 'fluoro.traceRecorder';

/** RECORDER_BUNDLE is the recorder's bundle, beside the chunk this module is bundled into. */
const RECORDER_BUNDLE = './trace-recorder.cjs';

const HOOK = Symbol.for(RECORDER_KEY);

type Installed = TraceHook & { shareMemory?: (memory: SharedArrayBuffer) => void };

/** installTraceRecorder makes this (main) thread traceable: it installs the global hook, once per process. */
export function installTraceRecorder(options: TraceHookOptions = {}): void {
  const g = globalThis as { [HOOK]?: Installed };
  const hook = (g[HOOK] ??= newHook());
  if (options.shareMemory !== undefined) hook.shareMemory = options.shareMemory;
}

function newHook(): Installed {
  let loaded: { module: RecorderModule; recorder: Recorder } | undefined;
  const load = () => {
    if (loaded === undefined) {
      const module = createRequire(import.meta.url)(RECORDER_BUNDLE) as RecorderModule;
      loaded = { module, recorder: module.createRecorder() };
    }
    return loaded;
  };
  const hook: Installed = {
    share() {
      if (hook.shareMemory === undefined) return false;
      hook.shareMemory(load().module.traceMemory());
      return true;
    },
    start: (detail) => load().recorder.start(detail),
    stop: () => loaded?.recorder.stop() ?? null,
  };
  return hook;
}

/** recorderExpression evaluates, on the main thread, a call (`share()`, `start(true)`, `stop()`) on the hook; null when there is none. */
export function recorderExpression(call: string): string {
  return `globalThis[Symbol.for(${JSON.stringify(RECORDER_KEY)})]?.${call} ?? null`;
}
