// Turns V8 call frames (from the CPU profiler, the sampling heap profiler or
// captured stacks) into pprof functions and locations, interning both so a
// profile holds one Function per JavaScript function and one Location per
// (function, line) pair, as pprof expects. The runtime builds its profiles
// with it and the V8 file importers read with it, so both agree on names.
//
// With a SourceMapper, frames in transpiled or bundled code are mapped to
// the original file, line and function name.

import type { Location, ProfileFunction } from './model.js';
import type { SourceMapper } from './v8-source-map.js';

/** V8CallFrame is a V8 stack frame as the DevTools protocol gives it; lineNumber and columnNumber are 0-based. */
export interface V8CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/** V8Frame is a V8 frame plus, when known, the 1-based line (and column) executing in it (otherwise the function's definition line is used). */
export type V8Frame = V8CallFrame & { line?: number; column?: number };

/** frameName is the pprof function name of a V8 frame. */
export function frameName(frame: V8CallFrame): string {
  return frame.functionName === '' ? '(anonymous)' : frame.functionName;
}

/** frameFile is the file a frame belongs to, without the file:// scheme (go tool pprof prints file:///x as file:/x). */
export function frameFile(frame: V8CallFrame): string {
  const url = frame.url;
  if (!url.startsWith('file://')) return url;
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return url.slice('file://'.length);
  }
}

/** V8FrameTable interns functions and locations for one profile being built. */
export class V8FrameTable {
  readonly functions: ProfileFunction[] = [];
  readonly locations: Location[] = [];
  private readonly functionByKey = new Map<string, ProfileFunction>();
  private readonly locationByKey = new Map<string, Location>();
  /** Functions whose file is an original source: their lines must be mapped too. */
  private readonly mapped = new Set<ProfileFunction>();
  /** Functions of TypeScript compiled in memory without a visible map: their lines are unknown. */
  private readonly unknownLines = new Set<ProfileFunction>();

  /** The mapper, when frames are to be mapped through source maps. */
  constructor(private readonly mapper?: SourceMapper) {}

  /** functionFor returns the interned function of a frame. */
  functionFor(frame: V8Frame): ProfileFunction {
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
      this.mapFunction(fn, frame);
      this.functions.push(fn);
      this.functionByKey.set(key, fn);
    }
    return fn;
  }

  /** locationFor returns the interned location of a frame at a 1-based line (the frame's own line, else its definition line). */
  locationFor(frame: V8Frame, line?: number): Location {
    let fn = this.functionFor(frame);
    // A frame without a script is native code (a C++ binding such as
    // Hash.update, or (garbage collector)); the lines V8 ticks for it are its
    // JavaScript caller's, and would show as a file-less ":139".
    const native = frame.scriptId === '0' && frame.url === '';
    const generated = native ? undefined : (line ?? frame.line);
    let lineNo: number;
    if (generated === undefined || this.unknownLines.has(fn)) {
      lineNo = fn.startLine;
    } else if (this.mapped.has(fn) || this.mapper === undefined) {
      lineNo = this.mapLine(fn, frame, generated, line === undefined);
    } else {
      // A function whose start maps nowhere (a bundle's top-level code, which
      // spans every module) may still run mapped lines: name them by the
      // file they map to, with an unknown start.
      const m = this.mapper.lineAt(frame.url, generated, line === undefined && frame.column !== undefined ? frame.column - 1 : undefined);
      if (m === undefined) {
        lineNo = generated;
      } else {
        fn = this.fileFunction(fn, m.file);
        lineNo = m.line;
      }
    }
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

  // fileFunction is fn's stand-in for code of it that maps into file.
  private fileFunction(fn: ProfileFunction, file: string): ProfileFunction {
    const key = `${fn.id}\0${file}`;
    let f = this.functionByKey.get(key);
    if (f === undefined) {
      f = { id: this.functions.length + 1, name: fn.name, systemName: fn.systemName, filename: file, startLine: 0 };
      this.functions.push(f);
      this.functionByKey.set(key, f);
    }
    return f;
  }

  private mapFunction(fn: ProfileFunction, frame: V8Frame): void {
    if (this.mapper === undefined || frame.url === '') return;
    if (this.mapper.isUnmappedTypeScript(frame.url)) {
      // Name and file are right; no line is known (0 is pprof's "unknown").
      fn.startLine = 0;
      this.unknownLines.add(fn);
      return;
    }
    if (frame.lineNumber >= 0) {
      const m = this.mapper.functionAt(frame.url, frame.functionName, frame.lineNumber, frame.columnNumber);
      if (m === undefined) return;
      if (m.name !== '' && m.name !== frame.functionName) fn.name = fn.systemName = m.name;
      fn.filename = m.file;
      fn.startLine = m.line;
      this.mapped.add(fn);
    } else if (frame.line !== undefined) {
      // A captured stack knows where it is, not where its function starts:
      // the current position names the original file.
      const m = this.mapper.lineAt(frame.url, frame.line, frame.column === undefined ? undefined : frame.column - 1);
      if (m === undefined) return;
      fn.filename = m.file;
      this.mapped.add(fn);
    }
  }

  // mapLine maps a generated 1-based line of a mapped function; a line that
  // maps nowhere, or into another file, falls back to the function's line.
  private mapLine(fn: ProfileFunction, frame: V8Frame, generated: number, own: boolean): number {
    if (!this.mapped.has(fn) || this.mapper === undefined) return generated;
    // V8's per-line ticks have no column. On the definition line, the
    // function's own column is the better guess: minified code puts many
    // functions on one line.
    const column =
      own && frame.column !== undefined ? frame.column - 1 : generated === frame.lineNumber + 1 ? frame.columnNumber : undefined;
    const m = this.mapper.lineAt(frame.url, generated, column);
    return m !== undefined && m.file === fn.filename ? m.line : fn.startLine;
  }
}
