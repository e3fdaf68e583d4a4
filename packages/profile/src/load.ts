// loadProfile: any profile file the analyzer reads, known by its content,
// into sample columns: profile.proto (gzipped or not) through the column
// decoder, V8's JSON profiles and collapsed stacks through their importers.
// inflateProfile undoes gzip first, as Go's profile.Parse does whatever
// the format, for a caller that wants the compressed bytes gone before
// decoding starts.

import { Buffer } from 'node:buffer';
import { parseCollapsed } from './collapsed.js';
import { columnsOf, type LoadedProfile } from './columns.js';
import { decodeColumns } from './decode-columns.js';
import { DEFAULT_MAX_BYTES } from './decode.js';
import { gunzipBounded, isGzip } from './gzip.js';
import { isV8Json, parseV8Profile } from './v8-format.js';
import { SourceMapper } from './v8-source-map.js';

// isCollapsedText recognizes folded stacks (`main;parse 42`) by their first
// line: printable text ending in a space and a count. A proto never starts
// that way: its first byte is a field key, and a line of text would have to
// be a valid field sequence that ends in digits before any newline.
function isCollapsedText(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 4096);
  let nl = 0;
  while (nl < end && bytes[nl] !== 0x0a) nl++;
  if (nl === 0 || nl === end) return false;
  for (let i = 0; i < nl; i++) if (bytes[i] < 0x20 && bytes[i] !== 0x09 && bytes[i] !== 0x0d) return false;
  const line = Buffer.from(bytes.buffer, bytes.byteOffset, nl).toString('utf8').trimEnd();
  return /^\S.* -?\d+$/.test(line);
}

/** inflateProfile returns gzipped bytes inflated (within the decoder's size limit) and other bytes as they are. */
export function inflateProfile(bytes: Uint8Array): Uint8Array {
  return isGzip(bytes) ? gunzipBounded(bytes, DEFAULT_MAX_BYTES) : bytes;
}

/** loadProfile decodes profile.proto bytes (gzipped or not), a V8 .cpuprofile / .heapprofile, or collapsed stacks, with its samples in columns; its objects are its own (exclusive). */
export function loadProfile(bytes: Uint8Array): LoadedProfile {
  // V8's frames are mapped through the scripts' source maps when the
  // scripts exist on this machine.
  if (isV8Json(bytes)) return { ...columnsOf(parseV8Profile(bytes, { sourceMaps: new SourceMapper() })), exclusive: true };
  if (isCollapsedText(bytes)) {
    return { ...columnsOf(parseCollapsed(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'))), exclusive: true };
  }
  return decodeColumns(bytes);
}
