// How the thread that builds a trace reaches the main thread's recorder
// (recorder.ts): a global object, called through Runtime.evaluate.

/** LoopUse is the main thread's event-loop utilization over a trace. */
export interface LoopUse {
  activeMs: number;
  idleMs: number;
  utilization: number;
}

/** Recorder is the main thread's recorder as the global hook exposes it. */
export interface Recorder {
  /** start records (detail: also sampled await times); true. */
  start(detail: boolean): boolean;
  /** stop ends recording; null when it was not recording. */
  stop(): LoopUse | null;
}

/** RECORDER_KEY is the Symbol.for key of the global hook. */
export const RECORDER_KEY = 'fluoro.traceRecorder';

/** recorderExpression evaluates, on the main thread, a call (`start(true)`, `stop()`) on the recorder; null when there is none. */
export function recorderExpression(call: string): string {
  return `globalThis[Symbol.for(${JSON.stringify(RECORDER_KEY)})]?.${call} ?? null`;
}
