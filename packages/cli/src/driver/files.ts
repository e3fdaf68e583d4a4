// The driver's own file reads and writes (profile sources, -output files),
// failing with the words of Go's os package ("open x: no such file or
// directory") so that the command line prints what pprof prints. Reads are
// bounded: a character device (/dev/zero) or a huge file must end in an
// error, not in a process that reads forever.

import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
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
