// The -help text of `fluoro pprof`, laid out as pprof's usage: output
// formats, options, option groups, sources, misc and legacy flags, from
// the flag table in options.ts.

import { REPORTS } from '../report/generate.js';
import { FLAG_SPECS, GRANULARITIES, SAMPLE_SHORTCUTS } from './options.js';

// Flags that pprof's usage lists in its own sections, not under "Options".
const SOURCE_FLAGS: [string, string][] = [
  ['-seconds', 'Duration for time-based profile collection'],
  ['-timeout', 'Timeout in seconds for profile collection'],
  ['-buildid', 'Override build id for main binary'],
  ['-add_comment', 'Free-form annotation to add to the profile'],
  ['', 'Displayed on some reports or with pprof -comments'],
  ['-diff_base source', 'Source of base profile for comparison'],
  ['-base source', 'Source of base profile for profile subtraction'],
  ['profile.pb.gz', 'Profile in compressed protobuf format'],
  ['profile.cpuprofile', 'V8 CPU profile (Chrome DevTools, node --cpu-prof)'],
  ['profile.heapprofile', 'V8 sampling heap profile (node --heap-prof)'],
  ['http://host/profile', 'URL for profile handler to retrieve'],
  ['-symbolize=', 'Controls source of symbol information'],
  ['  none', '  Do not attempt symbolization'],
  ['  local', '  Examine only local binaries'],
  ['  remote', '  Do not examine local binaries'],
  ['Binary', '  Local path or build id of binary for symbolization'],
];
const NOT_OPTIONS = new Set(['seconds', 'timeout', 'add_comment', 'diff_base', 'base', 'buildid', 'symbolize', 'cum', 'flat', ...GRANULARITIES, ...SAMPLE_SHORTCUTS.map(([f]) => f)]);

/** usage is the -help text, laid out as pprof's: formats, options, option groups, sources, misc. */
export function usage(): string {
  const fmt = (c: string, d: string) => `    ${c.padEnd(16)} ${d}`;
  const reports = new Set<string>(REPORTS);
  const formats = [...REPORTS.map((r) => fmt('-' + r, FLAG_SPECS.get(r)?.help ?? '')), fmt('-flamegraph', 'Outputs a flame graph as a self-contained HTML file')].sort();
  const options = [...FLAG_SPECS]
    .filter(([n]) => !reports.has(n) && !NOT_OPTIONS.has(n))
    .map(([n, spec]) => fmt('-' + n, spec.help))
    .sort();
  const group = (name: string, choices: string[]) => [fmt(name, ''), ...choices.map((c) => '  ' + fmt('-' + c, FLAG_SPECS.get(c)?.help ?? ''))].join('\n');
  const lines = [
    'usage:',
    '',
    'Produce output in the specified format.',
    '',
    '   fluoro pprof <format> [options] [binary] <source> ...',
    '',
    'Omit the format to get an interactive shell whose commands can be used',
    'to generate various views of a profile',
    '',
    '   fluoro pprof [options] [binary] <source> ...',
    '',
    'Omit the format and provide the "-http" flag to get an interactive web',
    'interface at the specified host:port that can be used to navigate through',
    'various views of a profile.',
    '',
    '   fluoro pprof -http [host]:[port] [options] [binary] <source> ...',
    '',
    'Details:',
    '  Output formats (select at most one):',
    ...formats,
    '',
    '  Options:',
    ...options,
    '',
    '  Option groups (only set one per group):',
    group('granularity', GRANULARITIES),
    group('sort', ['cum', 'flat']),
    '',
    '  Source options:',
    ...SOURCE_FLAGS.map(([c, d]) => `    ${c.padEnd(21)} ${d}`),
    '',
    '  Misc options:',
    '   -http              Provide web interface at host:port.',
    "                      Host is optional and 'localhost' by default.",
    '                      Port is optional and a randomly available port by default.',
    '   -no_browser        Skip opening a browser for the interactive web UI.',
    '',
    '  Legacy convenience options:',
    ...SAMPLE_SHORTCUTS.map(([f, t]) => `   ${('-' + f).padEnd(22)} Same as ${f === 'mean_delay' ? '-mean ' : ''}-sample_index=${t}`),
    '',
    '  Environment Variables:',
    '   PPROF_TMPDIR       Location for saved profiles (default $HOME/pprof)',
  ];
  return lines.join('\n') + '\n';
}
