// The web UI's query parameters are pprof's (webui's urlparam table): short
// names for the configuration a view is computed with, so a pprof UI link
// means the same here. Each becomes the command-line flag it stands for and
// goes through the same flag parser, on top of the flags fluoro was started
// with, so a bad value gets the same error as on the command line.

import type { FlagValues } from '../driver/flags.js';
import { parseFlags } from '../driver/flags.js';
import { FLAG_SPECS } from '../driver/options.js';

/** URL_PARAMS maps pprof's URL parameter names to flag names. */
export const URL_PARAMS: ReadonlyMap<string, string> = new Map([
  ['f', 'focus'],
  ['i', 'ignore'],
  ['h', 'hide'],
  ['s', 'show'],
  ['sf', 'show_from'],
  ['tf', 'tagfocus'],
  ['ti', 'tagignore'],
  ['ts', 'tagshow'],
  ['th', 'taghide'],
  ['si', 'sample_index'],
  ['mean', 'mean'],
  ['unit', 'unit'],
  ['n', 'nodecount'],
  ['nf', 'nodefraction'],
  ['ef', 'edgefraction'],
  ['g', 'granularity'],
  ['noinlines', 'noinlines'],
  ['sort', 'sort'],
  ['rel', 'relative_percentages'],
  ['trim', 'trim'],
  ['norm', 'normalize'],
  ['calltree', 'call_tree'],
  ['dropneg', 'drop_negative'],
  ['prunefrom', 'prune_from'],
]);

// Flags that pick the same setting as a URL parameter and would win over it.
const SHADOWED: Record<string, string[]> = {
  sample_index: ['total_delay', 'mean_delay', 'contentions', 'inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects'],
  granularity: ['functions', 'filefunctions', 'files', 'lines', 'addresses'],
  sort: ['cum', 'flat'],
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
  for (const [param, flag] of URL_PARAMS) {
    const value = q.get(param);
    if (value === null || value === '') continue;
    for (const f of SHADOWED[flag] ?? []) flags.delete(f);
    if (flag === 'sort') {
      if (value !== 'cum' && value !== 'flat') unsupported.push(`${param}=${value}`);
      else flags.set(value, true);
      continue;
    }
    if (!FLAG_SPECS.has(flag)) {
      unsupported.push(`${param}=${value}`);
      continue;
    }
    const parsed = parseFlags([`-${flag}=${value}`], FLAG_SPECS);
    for (const [k, v] of parsed.flags) flags.set(k, v);
  }
  return { flags, unsupported };
}
