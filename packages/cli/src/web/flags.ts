// The flags of the two web commands (-http, -flamegraph) and the test for
// them, apart from the commands themselves: the command line asks it of
// every invocation, and must not load the web UI's modules to answer.

import { parseFlags, type FlagSpec } from '../driver/flags.js';
import { FLAG_SPECS } from '../driver/options.js';

/** WEB_FLAGS are the flags of the web commands. */
export const WEB_FLAGS: ReadonlyMap<string, FlagSpec> = new Map([
  ['http', { kind: 'string', help: 'Present interactive web UI at the specified http host:port' }],
  ['no_browser', { kind: 'bool', help: 'Skip opening a browser for the interactive web UI' }],
  ['flamegraph', { kind: 'bool', help: 'Outputs a flame graph as a self-contained HTML file' }],
]);

/** WEB_COMMAND_FLAGS are every flag a web command takes: pprof's and its own. */
export const WEB_COMMAND_FLAGS = new Map<string, FlagSpec>([...FLAG_SPECS, ...WEB_FLAGS]);

/** isWebCommand reports whether args ask for -http or -flamegraph. */
export function isWebCommand(args: string[]): boolean {
  try {
    const { flags } = parseFlags(args, WEB_COMMAND_FLAGS);
    return flags.has('http') || flags.get('flamegraph') === true;
  } catch {
    // Not ours to report: the plain pprof parser gives the same error.
    return false;
  }
}
