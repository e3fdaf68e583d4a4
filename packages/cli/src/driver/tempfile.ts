// Where pprof saves what it fetched: $PPROF_TMPDIR, else $HOME/pprof, else
// the system temp directory, in the first free file named
// <prefix>NNN<suffix> (001 to 9999), created exclusively so that two runs
// never write the same file.

import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathError } from './files.js';

/** profileDir picks and creates the directory for saved profiles; failures of earlier candidates go to warn. */
export function profileDir(env: NodeJS.ProcessEnv, warn: (line: string) => void): string {
  const dirs: string[] = [];
  if (env.PPROF_TMPDIR) dirs.push(env.PPROF_TMPDIR);
  if (env.HOME) dirs.push(join(env.HOME, 'pprof'));
  dirs.push(tmpdir());
  for (const d of dirs) {
    try {
      mkdirSync(d, { recursive: true, mode: 0o755 });
      return d;
    } catch (err) {
      warn(`Could not use temp dir ${d}: ${(err as Error).message}`);
    }
  }
  throw new Error('failed to identify temp dir');
}

/** writeNewFile writes data to the first free dir/<prefix>NNN<suffix> and returns its path. */
export function writeNewFile(dir: string, prefix: string, suffix: string, data: Uint8Array): string {
  for (let i = 1; i < 10000; i++) {
    const name = join(dir, `${prefix}${String(i).padStart(3, '0')}${suffix}`);
    let fd: number;
    try {
      fd = openSync(name, 'wx', 0o666);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw pathError('open', name, err);
    }
    try {
      writeSync(fd, data);
    } catch (err) {
      throw pathError('write', name, err);
    } finally {
      closeSync(fd);
    }
    return name;
  }
  throw new Error(`could not create file of the form ${prefix}001${suffix}`);
}
