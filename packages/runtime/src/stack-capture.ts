// Captures the calling JavaScript stack as frames, the way Go's
// runtime.Callers does for its profiles. Uses V8's structured call sites, so
// no stack string is parsed.

import type { Frame } from './frames.js';

/** MAX_STACK_DEPTH is Go's maximum profile stack depth. */
export const MAX_STACK_DEPTH = 32;

/** captureStack returns the stack of its caller, leaf (the caller) first, after dropping `skip` frames from the leaf end. */
export function captureStack(skip = 0): Frame[] {
  const holder: { stack?: NodeJS.CallSite[] } = {};
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.prepareStackTrace = (_err, callSites) => callSites;
    Error.stackTraceLimit = MAX_STACK_DEPTH + skip;
    Error.captureStackTrace(holder, captureStack);
    return (holder.stack ?? []).slice(skip).map(toFrame);
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

function toFrame(site: NodeJS.CallSite): Frame {
  const type = site.getTypeName();
  const name = site.getFunctionName() ?? (site.getMethodName() ? `${type ?? ''}.${site.getMethodName()}` : '');
  return {
    functionName: name,
    scriptId: '0',
    url: site.getScriptNameOrSourceURL() ?? site.getFileName() ?? '',
    // A call site knows where it is, not where its function starts: the
    // function is identified by name and file, the location by this line.
    lineNumber: -1,
    columnNumber: -1,
    line: site.getLineNumber() ?? 0,
    column: site.getColumnNumber() ?? undefined,
  };
}
