// The driver's own file reads and writes (profile sources, -output files),
// failing with the words of Go's os package ("open x: no such file or
// directory") so that the command line prints what pprof prints. Reads are
// bounded: a character device (/dev/zero) or a huge file must end in an
// error, not in a process that reads forever.

import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { DEFAULT_MAX_BYTES } from '@fluoro/profile';
import { AnalyzerError } from '../errors.js';

// Where libuv's words for an errno differ from strerror's, which Go prints.
const STRERROR: Record<string, string> = {
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

// goWhy is the part of a Go *PathError after "op path: ": Node's message
// without the code in front ("ENOENT: ") and the syscall and path after
// (", open 'x'").
function goWhy(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code !== undefined && STRERROR[e.code]) return STRERROR[e.code];
  return /^[A-Z0-9_]+: (.*?)(, \w+( '.*')?)?$/s.exec(e.message)?.[1] ?? e.message;
}

/** pathError words a failed file operation as Go's *PathError: "op path: why". */
export function pathError(op: string, path: string, err: unknown): AnalyzerError {
  return new AnalyzerError(`${op} ${path}: ${goWhy(err)}`, { cause: err, code: 'ERR_FILE' });
}

const CHUNK = 64 * 1024;

/** readSourceFile reads a profile source; more than max bytes is an error, as a decoded profile that size would be. */
export function readSourceFile(path: string, max = DEFAULT_MAX_BYTES): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw pathError('open', path, err);
  }
  const tooBig = () => new AnalyzerError(`read ${path}: file exceeds the limit of ${max} bytes`, { code: 'ERR_SOURCE' });
  try {
    const st = fstatSync(fd);
    if (st.isFile() && st.size > max) throw tooBig();
    // Read until EOF or the limit: devices and pipes have no size up front,
    // and /proc files say 0. A file's stated size is read in one chunk.
    const chunks: Buffer[] = [];
    let total = 0;
    while (true) {
      const chunk = Buffer.allocUnsafe(Math.max(st.size - total + 1, CHUNK));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw tooBig();
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } catch (err) {
    if (err instanceof AnalyzerError) throw err;
    // Go opens a directory fine and fails on the read.
    throw pathError('read', path, err);
  } finally {
    closeSync(fd);
  }
}

// Buffers smaller than this may share Node's allocation pool with others.
const RELEASE_MIN = 1 << 20;

/**
 * releaseBytes gives the memory of bytes that only the caller holds back at
 * once, leaving them empty. A big ArrayBuffer is otherwise freed at V8's
 * next full collection, which after a profile is decoded can come late
 * enough to add the inflated bytes (95 MB for a 50 MB profile) to the peak
 * memory of the whole report. Transferring the buffer into a message that
 * is never delivered detaches it, and closing the channel drops the
 * message, with the memory, as the port closes: the returned promise
 * resolves then. Small buffers are left to the collector.
 */
export function releaseBytes(bytes: Uint8Array): Promise<void> {
  const { buffer } = bytes;
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < RELEASE_MIN) return Promise.resolve();
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(buffer, [buffer]);
  const closed = new Promise<void>((resolve) => port2.once('close', () => resolve()));
  port1.close();
  port2.close();
  return closed;
}

/** writeOutputFile writes a report to the -output file (or the shell's >file). */
export function writeOutputFile(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (err) {
    // Go's os.Create fails in open; only a full disk fails later, in write.
    const op = (err as NodeJS.ErrnoException).syscall === 'write' ? 'write' : 'open';
    throw pathError(op, path, err);
  }
}
