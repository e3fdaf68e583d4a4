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

/** captureUserStack is captureStack without Node's own frames at the leaf end (hook machinery, setTimeout, the promise internals, the Worker constructor), so the leaf is the application's function; a stack with no application frame is kept whole. */
export function captureUserStack(skip = 0): Frame[] {
  const stack = captureStack(skip + 1);
  let start = 0;
  while (start < stack.length && stack[start].url.startsWith('node:')) start++;
  return start === stack.length ? stack : stack.slice(start);
}

/** stackKey identifies a captured stack at the grain profiles show it: each frame's function (by where it starts: in minified code many share a name and a line) and line. */
export function stackKey(stack: readonly Frame[]): string {
  return stack.map((f) => `${f.functionName}\0${f.url}\0${f.lineNumber}:${f.columnNumber}\0${f.line ?? ''}`).join('\n');
}

function toFrame(site: NodeJS.CallSite): Frame {
  const type = site.getTypeName();
  const name = site.getFunctionName() ?? (site.getMethodName() ? `${type ?? ''}.${site.getMethodName()}` : '');
  const url = site.getScriptNameOrSourceURL() ?? site.getFileName() ?? '';
  // Where the function starts (1-based, V8's function token: `function`
  // or `async` for a declaration) identifies it and names it through a
  // source map. Native frames have no start, Node's own have no map (and
  // asking costs), and a script's top-level code starts at 1:1, which in a
  // bundle is some other module's code: the current line says better where
  // such a frame is.
  const mappable = url !== '' && !url.startsWith('node:');
  let startLine = mappable ? (site.getEnclosingLineNumber() ?? 0) : 0;
  const startColumn = mappable ? (site.getEnclosingColumnNumber() ?? 0) : 0;
  if (name === '' && startLine === 1 && startColumn === 1) startLine = 0;
  return {
    functionName: name,
    scriptId: '0',
    url,
    lineNumber: startLine - 1,
    columnNumber: startLine > 0 ? startColumn - 1 : -1,
    line: site.getLineNumber() ?? 0,
    column: site.getColumnNumber() ?? undefined,
  };
}
