// Gzip at the edges of the codec. Profiles travel gzipped (Go's
// runtime/pprof always compresses), so decoding starts by sniffing the gzip
// magic and inflating with a hard cap on the output: a few kilobytes of
// hostile gzip can expand to gigabytes, and that must end in a ProfileError,
// not in an out-of-memory crash.
//
// node:zlib and node:buffer are required on first use, not imported: the
// runtime bundles this module into every service, and at start-up zlib
// costs a service about 1 MiB of memory, and an ESM import of buffer loads
// its lazy parts (File, Blob streams), before any profile is written.

import { createRequire } from 'node:module';
import { ProfileError } from './errors.js';

const require = createRequire(import.meta.url);
let zlibModule: typeof import('node:zlib') | undefined;

function zlib(): typeof import('node:zlib') {
  zlibModule ??= require('node:zlib') as typeof import('node:zlib');
  return zlibModule;
}

/** isGzip tells whether bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** gunzipBounded inflates gzip data, refusing to produce more than maxBytes. */
export function gunzipBounded(bytes: Uint8Array, maxBytes: number): Uint8Array {
  try {
    // zlib refuses a maxOutputLength above the largest Buffer; no output can
    // be larger than that anyway.
    const max = Math.min(maxBytes, (require('node:buffer') as typeof import('node:buffer')).kMaxLength);
    return zlib().gunzipSync(bytes, { maxOutputLength: max, chunkSize: outputChunkSize(bytes, max) });
  } catch (err) {
    // zlib reports an exceeded maxOutputLength as a RangeError with this code;
    // everything else (bad header, bad checksum, cut-off stream) is corruption.
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ProfileError(
        'ERR_PROFILE_TOO_LARGE',
        `decompressing profile: output exceeds the limit of ${maxBytes} bytes (maxBytes)`,
        { cause: err },
      );
    }
    throw new ProfileError('ERR_PROFILE_GZIP', `decompressing profile: ${(err as Error).message}`, { cause: err });
  }
}

const DEFAULT_CHUNK = 64 * 1024;
const MAX_CHUNK = 1 << 30;
const MAX_DEFLATE_RATIO = 1032;

// outputChunkSize sizes zlib's output buffer from the gzip trailer, which
// holds the uncompressed size (mod 2^32): one chunk of that size spares
// zlib's concatenation of 64 KB chunks, which for a big profile doubles the
// peak memory for a moment. A wrong size (a concatenated or damaged stream)
// only costs the concatenation again. Deflate expands at most 1032 to 1, so
// a hostile trailer cannot make a few bytes of input allocate a gigabyte.
function outputChunkSize(bytes: Uint8Array, max: number): number {
  const n = bytes.length;
  if (n < 4) return DEFAULT_CHUNK;
  const isize = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  return Math.max(DEFAULT_CHUNK, Math.min(isize + 1, max, MAX_CHUNK, n * MAX_DEFLATE_RATIO));
}

/** gzip compresses bytes at zlib's default level, as Go's gzip.NewWriter does. */
export function gzip(bytes: Uint8Array): Uint8Array {
  const out = zlib().gzipSync(bytes);
  // A plain Uint8Array view, so that the encoder returns one type either way.
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
