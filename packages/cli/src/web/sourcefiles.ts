// The Source view reads files, so the server decides which: only files
// inside the source path (-source_path, or the working directory when it is
// not set), found without pprof's walk up through parent directories, and
// not through symbolic links that lead outside. A profile names its own
// files, and a profile from elsewhere could name /etc/passwd or
// ../../.ssh/id_rsa; such names are dropped before -list reads anything.

import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import type { WProfile } from '@fluoro/profile';

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** sourceRoots are the real directories the Source view may read from. */
export function sourceRoots(sourcePath: string, cwd = process.cwd()): string[] {
  const dirs = sourcePath === '' ? [cwd] : sourcePath.split(':').filter((d) => d !== '');
  const out: string[] = [];
  for (const d of dirs) {
    const abs = resolve(cwd, d);
    if (existsSync(abs)) out.push(realpathSync(abs));
  }
  return out;
}

/** confinedPath is the real file a profile's file name stands for inside roots, or "" when there is none. */
export function confinedPath(file: string, roots: string[]): string {
  const candidates = isAbsolute(file) ? [file] : roots.map((r) => resolve(r, file));
  for (const c of candidates) {
    if (!existsSync(c)) continue;
    const real = realpathSync(c);
    if (roots.some((r) => inside(r, real))) return real;
  }
  return '';
}

/**
 * confineSources points every function of p at its confined file, or at no
 * file (so -list skips it), and returns one warning per file refused for a
 * function whose name matches shown.
 */
export function confineSources(p: WProfile, sourcePath: string, shown: RegExp): string[] {
  const roots = sourceRoots(sourcePath);
  const seen = new Map<string, string>();
  const refused: string[] = [];
  for (const f of p.function) {
    if (f.filename === '') continue;
    let to = seen.get(f.filename);
    if (to === undefined) {
      to = confinedPath(f.filename, roots);
      seen.set(f.filename, to);
    }
    if (to === '' && shown.test(f.name) && !refused.includes(f.filename)) refused.push(f.filename);
    f.filename = to;
  }
  return refused.map((f) => `${f}: not read (not found inside the source path ${roots.join(':')}; see -source_path)`);
}
