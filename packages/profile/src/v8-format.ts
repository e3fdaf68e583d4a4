// Tells V8's JSON profiles apart from profile.proto by their content, not
// their file name: a `.cpuprofile` may be saved under any name, and a proto
// never starts with `{` (that byte would be field 15 with wire type 3, which
// profile.proto does not use).

import { ProfileError } from './errors.js';
import type { Profile } from './model.js';
import { parseCpuProfile, type V8CpuProfile, type V8ReadOptions } from './v8-cpuprofile.js';
import { parseHeapProfile, type V8HeapProfile } from './v8-heapprofile.js';

/** isV8Json reports whether bytes look like a JSON object: `{`, then `"` or `}`, blanks and a UTF-8 BOM aside. */
export function isV8Json(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const blank = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
  while (i < bytes.length && blank(bytes[i])) i++;
  if (bytes[i++] !== 0x7b) return false;
  while (i < bytes.length && blank(bytes[i])) i++;
  return bytes[i] === 0x22 || bytes[i] === 0x7d;
}

/** parseV8Profile reads a `.cpuprofile` or `.heapprofile` document (bytes of JSON) into the pprof model. */
export function parseV8Profile(bytes: Uint8Array, options: V8ReadOptions = {}): Profile {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ProfileError('ERR_PROFILE_INVALID', `parsing V8 profile: ${(err as Error).message}`, { cause: err });
  }
  if (typeof doc !== 'object' || doc === null) throw new ProfileError('ERR_PROFILE_INVALID', 'parsing V8 profile: not a JSON object');
  if ('nodes' in doc) return parseCpuProfile(doc as V8CpuProfile, options);
  if ('head' in doc) return parseHeapProfile(doc as V8HeapProfile, options);
  throw new ProfileError('ERR_PROFILE_INVALID', 'parsing V8 profile: neither a .cpuprofile ("nodes") nor a .heapprofile ("head")');
}
