// One stack in Go's legacy text profiles (debug=1): the record line ending
// in the stack's addresses, then a `#` line per frame, then a blank line.
// JavaScript frames have no program counters, so location ids stand in.

import type { Frame, FrameTable } from './frames.js';

/** formatStackRecord writes `HEADER @ 0x1 0x2`, an optional extra line (Go's `# labels:`), the frame lines and a blank line; align the whole text with alignTabs. */
export function formatStackRecord(header: string, frames: Frame[], table: FrameTable, extra = ''): string {
  const locations = frames.map((f) => table.locationFor(f));
  let out = `${header} @${locations.map((l) => ` 0x${l.id.toString(16)}`).join('')}\n${extra}`;
  for (const loc of locations) {
    const { function: fn, line } = loc.line[0];
    out += `#\t0x${loc.id.toString(16)}\t${fn.name}+0x0\t${fn.filename}:${line}\n`;
  }
  return out + '\n';
}
