// The web UI's query parameters (the contract's URL_SETTINGS, pprof's
// names) as command-line flags: each becomes the flag it stands for and goes
// through the same flag parser, on top of the flags fluoro was started with,
// so a bad value gets the same error as on the command line.

import type { FlagValues } from '../driver/flags.js';
import { parseFlags } from '../driver/flags.js';
import { FLAG_SPECS } from '../driver/options.js';
import { URL_SETTINGS, type UrlSetting } from './contract.js';

// Flags that pick the same setting as a URL parameter and would win over it
// (a choice's own flags are its choices).
const SHADOWED: Record<string, string[]> = {
  sample_index: ['total_delay', 'mean_delay', 'contentions', 'inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects'],
  granularity: ['functions', 'filefunctions', 'files', 'lines', 'addresses'],
};

/** FlagsFromURL is the flags for one request and the parameters this build cannot honour. */
export interface FlagsFromURL {
  flags: FlagValues;
  unsupported: string[];
}

/** flagsFromURL applies a request's query parameters to the command-line flags. */
export function flagsFromURL(base: FlagValues, q: URLSearchParams): FlagsFromURL {
  const flags: FlagValues = new Map(base);
  const unsupported: string[] = [];
  for (const setting of URL_SETTINGS as readonly UrlSetting[]) {
    const { name, flag } = setting;
    const value = q.get(name);
    if (value === null || value === '') continue;
    for (const f of SHADOWED[flag] ?? setting.choices ?? []) flags.delete(f);
    if (setting.kind === 'choice') {
      if (setting.choices?.includes(value)) flags.set(value, true);
      else unsupported.push(`${name}=${value}`);
      continue;
    }
    if (!FLAG_SPECS.has(flag)) {
      unsupported.push(`${name}=${value}`);
      continue;
    }
    const parsed = parseFlags([`-${flag}=${value}`], FLAG_SPECS);
    for (const [k, v] of parsed.flags) flags.set(k, v);
  }
  return { flags, unsupported };
}
