// Node's tracing agent, driven from a worker, sometimes sends malformed
// JSON, which throws inside node:inspector on the receiving thread, outside
// any call of ours. The guard turns that into the running trace's failure
// instead of the thread's death. Installed when a trace-building thread
// starts; the collector (collector.ts) loads only with the first trace.

import { FluoroError } from '../errors.js';

/** FailableTrace is a running trace that can be marked as lost. */
export interface FailableTrace {
  fail(err: FluoroError): void;
}

let active: FailableTrace | undefined;

/** setActiveTrace says which trace an error from the tracing agent belongs to (undefined: none runs). */
export function setActiveTrace(trace: FailableTrace | undefined): void {
  active = trace;
}

/** activeTrace is the trace set by setActiveTrace. */
export function activeTrace(): FailableTrace | undefined {
  return active;
}

/** guardInspectorMessages keeps malformed data from Node's tracing agent from killing this thread: the running trace fails instead. Other uncaught errors stay fatal. */
export function guardInspectorMessages(warn: (message: string) => void): void {
  process.on('uncaughtException', (err) => {
    if (!(err instanceof SyntaxError) || !(err.stack ?? '').includes('node:inspector')) throw err;
    const lost = new FluoroError('ERR_TRACE_DATA', `Node's tracing agent sent malformed data (${err.message}); the trace is lost`, { cause: err });
    if (active !== undefined) active.fail(lost);
    else warn(`fluoro: ${lost.message}`);
  });
}
