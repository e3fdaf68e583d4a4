// Names frames the way the trace file writes them: "function file:line",
// through the thread's source maps (frames.ts), once per distinct frame.

import { FrameTable, type Frame } from '../frames.js';

/** FrameNamer turns frames into the trace's frame strings. */
export class FrameNamer {
  private readonly table = new FrameTable();
  private readonly cache = new Map<string, string>();

  /** name is `function file:line` for a frame at a 1-based line (default: the frame's own line, else its definition). */
  name(frame: Frame, line?: number): string {
    const key = `${frame.functionName}\0${frame.url}\0${frame.lineNumber}\0${frame.columnNumber}\0${line ?? frame.line ?? ''}`;
    let out = this.cache.get(key);
    if (out === undefined) {
      const loc = this.table.locationFor(frame, line ?? frame.line);
      const { function: fn, line: at } = loc.line[0];
      out = fn.filename === '' ? fn.name : `${fn.name} ${fn.filename}:${at}`;
      this.cache.set(key, out);
    }
    return out;
  }

  /** mapped is a frame's function, file and 0-based definition line after source maps, for re-emitting V8 call frames. */
  mapped(frame: Frame): { functionName: string; url: string; lineNumber: number } {
    const fn = this.table.functionFor(frame);
    return { functionName: frame.functionName === '' ? '' : fn.name, url: fn.filename, lineNumber: fn.startLine - 1 };
  }
}
