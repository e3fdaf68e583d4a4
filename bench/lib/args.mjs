// What every bench's command line shares: string options with defaults and
// boolean flags, --help that prints the bench's opening comment, and numeric
// options that must be positive.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * parseBenchArgs parses the command line of the bench at `url`: `strings`
 * maps each string option to its default (undefined for none), `booleans`
 * names the flags. --help prints the bench's opening comment and exits.
 */
export function parseBenchArgs(url, { strings, booleans = [] }) {
  const options = { help: { type: 'boolean', short: 'h', default: false } };
  for (const [name, value] of Object.entries(strings)) options[name] = value === undefined ? { type: 'string' } : { type: 'string', default: value };
  for (const name of booleans) options[name] = { type: 'boolean', default: false };
  const { values: flags } = parseArgs({ options });
  exitWithHelp(flags, url);
  return flags;
}

/** exitWithHelp prints the opening comment of the bench at `url` and exits, when --help was given. */
export function exitWithHelp(flags, url) {
  if (!flags.help) return;
  const header = readFileSync(fileURLToPath(url), 'utf8').split('\n\n')[0];
  process.stdout.write(header.split('\n').filter((l) => l.startsWith('//')).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
  process.exit(0);
}

/** positiveFlag reads a numeric option that must be above zero, naming it when it is not. */
function positiveFlag(flags, name) {
  const n = Number(flags[name]);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number, got ${flags[name]}`);
  return n;
}

/**
 * positiveFlags reads numeric options that must be above zero, keyed by their
 * camelCased names: `counts` rounded to whole numbers, `amounts` as given.
 */
export function positiveFlags(flags, { counts = [], amounts = [] }) {
  const camel = (name) => name.replace(/-(\w)/g, (_, c) => c.toUpperCase());
  return Object.fromEntries([
    ...counts.map((name) => [camel(name), Math.round(positiveFlag(flags, name))]),
    ...amounts.map((name) => [camel(name), positiveFlag(flags, name)]),
  ]);
}

/**
 * parseRoundsArgs parses the command line of a bench that runs rounds over
 * generations of processes (bench/lib/rounds.mjs): --rounds, --generations,
 * --seconds, --warmup, --jit-warmup, --connections, --modes, --app and
 * --json, with this bench's `defaults` for rounds, generations and modes,
 * plus its own `strings` and `booleans`. It returns the flags and the
 * numeric settings; generations is at most rounds.
 */
export function parseRoundsArgs(url, { defaults, strings = {}, booleans = [] }) {
  const flags = parseBenchArgs(url, {
    strings: {
      seconds: '2',
      warmup: '0.5',
      'jit-warmup': '2',
      connections: '32',
      app: 'orders',
      json: undefined,
      ...defaults,
      ...strings,
    },
    booleans,
  });
  const { rounds, generations, ...settings } = positiveFlags(flags, {
    counts: ['rounds', 'generations', 'connections'],
    amounts: ['seconds', 'warmup', 'jit-warmup'],
  });
  return { flags, rounds, generations: Math.min(rounds, generations), ...settings };
}

/** modeList reads --modes: names from `known`, one of them `base` (the mode the others are compared with). */
export function modeList(flags, known, base) {
  const modes = flags.modes.split(',').filter(Boolean);
  for (const m of modes) if (!(m in known)) throw new Error(`unknown mode ${m}; known: ${Object.keys(known).join(', ')}`);
  if (!modes.includes(base)) throw new Error(`--modes must include ${base}, the base the others are compared with`);
  return modes;
}
