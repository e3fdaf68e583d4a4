// What every bench's command line shares: --help prints the bench's opening
// comment, and numeric options must be positive.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** exitWithHelp prints the opening comment of the bench at `url` and exits, when --help was given. */
export function exitWithHelp(flags, url) {
  if (!flags.help) return;
  const header = readFileSync(fileURLToPath(url), 'utf8').split('\n\n')[0];
  process.stdout.write(header.split('\n').filter((l) => l.startsWith('//')).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
  process.exit(0);
}

/** positiveFlag reads a numeric option that must be above zero, naming it when it is not. */
export function positiveFlag(flags, name) {
  const n = Number(flags[name]);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number, got ${flags[name]}`);
  return n;
}
