// Turns V8 call frames into pprof functions and locations, interning both so
// a profile holds one Function per JavaScript function and one Location per
// (function, line) pair, as pprof expects.

import type { Location, ProfileFunction } from '@fluoro/profile';
import type { CallFrame } from './v8-types.js';

/** Frame is a V8 frame plus, when known, the 1-based line executing in it (otherwise the function's definition line is used). */
export type Frame = CallFrame & { line?: number };

/** frameName is the pprof function name of a V8 frame. */
export function frameName(frame: CallFrame): string {
  return frame.functionName === '' ? '(anonymous)' : frame.functionName;
}

/** frameFile is the file a frame belongs to, without the file:// scheme (go tool pprof prints file:///x as file:/x). */
export function frameFile(frame: CallFrame): string {
  const url = frame.url;
  if (!url.startsWith('file://')) return url;
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return url.slice('file://'.length);
  }
}

/** FrameTable interns functions and locations for one profile being built. */
export class FrameTable {
  readonly functions: ProfileFunction[] = [];
  readonly locations: Location[] = [];
  private readonly functionByKey = new Map<string, ProfileFunction>();
  private readonly locationByKey = new Map<string, Location>();

  /** functionFor returns the interned function of a frame. */
  functionFor(frame: CallFrame): ProfileFunction {
    const key = `${frame.functionName}\0${frame.url}\0${frame.lineNumber}\0${frame.columnNumber}`;
    let fn = this.functionByKey.get(key);
    if (fn === undefined) {
      const name = frameName(frame);
      fn = {
        id: this.functions.length + 1,
        name,
        systemName: name,
        filename: frameFile(frame),
        // V8 lines are 0-based; a synthetic frame such as (program) has -1.
        startLine: Math.max(frame.lineNumber + 1, 0),
      };
      this.functions.push(fn);
      this.functionByKey.set(key, fn);
    }
    return fn;
  }

  /** locationFor returns the interned location of a frame at a 1-based line (the frame's own line, else its definition line). */
  locationFor(frame: Frame, line?: number): Location {
    const fn = this.functionFor(frame);
    const lineNo = line ?? frame.line ?? fn.startLine;
    const key = `${fn.id}:${lineNo}`;
    let loc = this.locationByKey.get(key);
    if (loc === undefined) {
      loc = {
        id: this.locations.length + 1,
        address: 0n,
        line: [{ function: fn, line: lineNo, column: 0 }],
        isFolded: false,
      };
      this.locations.push(loc);
      this.locationByKey.set(key, loc);
    }
    return loc;
  }
}
