// Finding the source files a profile names (pprof's trimPath, openSourceFile
// and sourceReader): profiles record build-machine paths, so a path is
// trimmed of -trim_path prefixes (or, without them, of everything up to the
// base name of a -source_path directory) and then searched for under each
// -source_path directory and its parents.

import { readFileSync } from 'node:fs';
import { isAbsolute, join, dirname, basename } from 'node:path';

function splitList(s: string): string[] {
  return s === '' ? [] : s.split(':');
}

/** trimSourcePath removes build-machine prefixes from a source path. */
export function trimSourcePath(path: string, trimPath: string, searchPath: string): string {
  return sourcePathTrimmer(trimPath, searchPath)(path);
}

/** sourcePathTrimmer is trimSourcePath for one -trim_path and -source_path, for many paths (every function of a profile). */
export function sourcePathTrimmer(trimPath: string, searchPath: string): (path: string) => string {
  // Guess: a search directory's base name inside the path marks where the
  // local copy starts ("/remote/my-project/foo.c" with "/local/my-project").
  const guesses = trimPath === '' ? splitList(searchPath).map((dir) => '/' + basename(dir) + '/') : [];
  const prefixes = [...splitList(trimPath), '/proc/self/cwd/./', '/proc/self/cwd/'].map((t) => (t.endsWith('/') ? t : t + '/'));
  return (path) => {
    for (const want of guesses) {
      const found = path.indexOf(want);
      if (found !== -1) return path.slice(found + want.length);
    }
    for (const t of prefixes) if (path.startsWith(t)) return path.slice(t.length);
    return path;
  };
}

/** Go's wording of the errors opening a file can give. */
const GO_ERRNO: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
};

function readLines(file: string): string[] {
  try {
    return splitLines(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new Error(`open ${file}: ${GO_ERRNO[code] ?? (err as Error).message}`, { cause: err });
  }
}

function tryRead(file: string): string[] | undefined {
  try {
    return readLines(file);
  } catch {
    // pprof tries the next candidate whatever the reason this one failed.
    return undefined;
  }
}

/** splitLines splits text as Go's bufio.ScanLines does: no final empty line, "\r\n" as one break. */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function readSource(path: string, searchPath: string, trim: string): string[] {
  path = trimSourcePath(path, trim, searchPath);
  if (isAbsolute(path)) return readLines(path);
  for (let dir of splitList(searchPath)) {
    for (;;) {
      const lines = tryRead(join(dir, path));
      if (lines) return lines;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`could not find file ${path} on path ${searchPath}`);
}

/** SourceReader reads source files once each and hands out their lines. */
export class SourceReader {
  private files = new Map<string, string[]>();
  private errors = new Map<string, Error>();

  constructor(private searchPath: string, private trimPath: string) {}

  /** line returns line lineno (from 1) of path, or undefined past the end or when the file is missing. */
  line(path: string, lineno: number): string | undefined {
    let lines = this.files.get(path);
    if (!lines) {
      try {
        lines = readSource(path, this.searchPath, this.trimPath);
      } catch (err) {
        this.errors.set(path, err as Error);
        lines = [];
      }
      this.files.set(path, lines);
    }
    return lineno >= 1 && lineno <= lines.length ? lines[lineno - 1] : undefined;
  }

  /** fileError is why path could not be read, if it could not. */
  fileError(path: string): Error | undefined {
    return this.errors.get(path);
  }
}
