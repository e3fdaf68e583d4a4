// A profile whose names are markup and script, for the escaping tests: every
// one of them must show as text in every view and in -flamegraph files.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyProfile, encodeProfile, type Location, type ProfileFunction } from '@fluoro/profile';

/** EVIL_NAMES are function names that would run script if inserted as HTML. */
export const EVIL_NAMES = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(2)</script>',
  '"><svg onload=alert(3)>',
];

/** writeEvilProfile writes a small CPU-like profile calling through EVIL_NAMES to path; files overrides their source files. */
export function writeEvilProfile(path: string, files?: string[]): void {
  const p = emptyProfile([{ type: 'samples', unit: 'count' }]);
  const names = ['main', ...EVIL_NAMES];
  const fns: ProfileFunction[] = names.map((name, i) => ({
    id: i + 1,
    name,
    // A system name apart from the name keeps pprof's demangling step away,
    // which would otherwise cut <...> and (...) out of names like these.
    systemName: `evil${i}`,
    filename: i === 0 ? 'main.go' : files?.[i - 1] ?? `<b>evil${i}</b>.go`,
    startLine: 1,
  }));
  const locs: Location[] = fns.map((f, i) => ({
    id: i + 1,
    address: 0n,
    line: [{ function: f, line: 10 + i, column: 0 }],
    isFolded: false,
  }));
  p.function = fns;
  p.location = locs;
  // main -> evil1 -> evil2 -> evil3, with self time in each.
  for (let depth = 1; depth <= locs.length; depth++) {
    p.sample.push({ location: locs.slice(0, depth).reverse(), value: [10 * depth], label: [] });
  }
  writeFileSync(path, encodeProfile(p));
}

/** evilProfileFile writes the hostile profile to a new temporary folder and gives its path. */
export function evilProfileFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fluoro-web-')), 'evil.pb.gz');
  writeEvilProfile(file);
  return file;
}
