// The shell's `name=value` settings: pprof's config fields by name, with
// their types and choices, how a value is parsed (Go's strconv rules and
// pprof's lenient booleans), and the "o" listing.

import type { Granularity } from '@fluoro/profile';
import { goParseBool, goParseFloat, type FlagKind } from './flags.js';
import type { Config } from './options.js';

/** Setting is one config field the shell can set. */
export interface Setting {
  name: string;
  key: keyof Config;
  kind: FlagKind;
  choices?: string[];
  help: string;
}

/** SETTINGS are pprof's config fields that fluoro implements, in pprof's order. */
export const SETTINGS: Setting[] = [
  { name: 'output', key: 'output', kind: 'string', help: 'Output filename for file-based outputs' },
  { name: 'call_tree', key: 'callTree', kind: 'bool', help: 'Create a context-sensitive call tree\nTreat locations reached through different paths as separate.' },
  { name: 'relative_percentages', key: 'relativePercentages', kind: 'bool', help: 'Show percentages relative to focused subgraph\nIf unset, percentages are relative to full graph before focusing\nto facilitate comparison with original graph.' },
  { name: 'unit', key: 'unit', kind: 'string', help: 'Measurement units to display\nScale the sample values to this unit.\nFor time-based profiles, use seconds, milliseconds, nanoseconds, etc.\nFor memory profiles, use megabytes, kilobytes, bytes, etc.\nUsing auto will scale each value independently to the most natural unit.' },
  { name: 'compact_labels', key: 'compactLabels', kind: 'bool', help: 'Show minimal headers' },
  { name: 'source_path', key: 'sourcePath', kind: 'string', help: 'Search path for source files' },
  { name: 'trim_path', key: 'trimPath', kind: 'string', help: 'Path to trim from source paths before search' },
  { name: 'mean', key: 'mean', kind: 'bool', help: 'Average sample value over first value (count)\nFor memory profiles, report average memory per allocation.\nFor time-based profiles, report average time per event.' },
  { name: 'sample_index', key: 'sampleIndex', kind: 'string', help: 'Sample value to report (0-based index or name)\nProfiles contain multiple values per sample.\nUse sample_index=i to select the ith value (starting at 0).' },
  { name: 'divide_by', key: 'divideBy', kind: 'float', help: 'Ratio to divide all samples before visualization\nDivide all samples values by a constant, eg the number of processors or jobs.' },
  { name: 'normalize', key: 'normalize', kind: 'bool', help: 'Scales profile based on the base profile.' },
  { name: 'sort', key: 'sort', kind: 'string', choices: ['cum', 'flat'], help: '' },
  { name: 'tagroot', key: 'tagRoot', kind: 'string', help: 'Adds pseudo stack frames for labels key/value pairs at the callstack root.\nA comma-separated list of label keys.\nThe first key creates frames at the new root.' },
  { name: 'tagleaf', key: 'tagLeaf', kind: 'string', help: 'Adds pseudo stack frames for labels key/value pairs at the callstack leaf.\nA comma-separated list of label keys.\nThe last key creates frames at the new leaf.' },
  { name: 'drop_negative', key: 'dropNegative', kind: 'bool', help: 'Ignore negative differences\nDo not show any locations with values <0.' },
  { name: 'nodecount', key: 'nodeCount', kind: 'int', help: 'Max number of nodes to show\nUses heuristics to limit the number of locations to be displayed.\nOn graphs, dotted edges represent paths through nodes that have been removed.' },
  { name: 'nodefraction', key: 'nodeFraction', kind: 'float', help: 'Hide nodes below <f>*total' },
  { name: 'edgefraction', key: 'edgeFraction', kind: 'float', help: 'Hide edges below <f>*total' },
  { name: 'trim', key: 'trim', kind: 'bool', help: 'Honor nodefraction/edgefraction/nodecount defaults\nSet to false to get the full profile, without any trimming.' },
  { name: 'focus', key: 'focus', kind: 'string', help: 'Restricts to samples going through a node matching regexp\nDiscard samples that do not include a node matching this regexp.\nMatching includes the function name, filename or object name.' },
  { name: 'ignore', key: 'ignore', kind: 'string', help: 'Skips paths going through any nodes matching regexp\nIf set, discard samples that include a node matching this regexp.\nMatching includes the function name, filename or object name.' },
  { name: 'hide', key: 'hide', kind: 'string', help: 'Skips nodes matching regexp\nDiscard nodes that match this location.\nOther nodes from samples that include this location will be shown.\nMatching includes the function name, filename or object name.' },
  { name: 'prune_from', key: 'pruneFrom', kind: 'string', help: 'Drops any functions below the matched frame.\nIf set, any frames matching the specified regexp and any frames\nbelow it will be dropped from each sample.' },
  { name: 'show', key: 'show', kind: 'string', help: 'Only show nodes matching regexp\nIf set, only show nodes that match this location.\nMatching includes the function name, filename or object name.' },
  { name: 'show_from', key: 'showFrom', kind: 'string', help: 'Drops functions above the highest matched frame.\nIf set, all frames above the highest match are dropped from every sample.\nMatching includes the function name, filename or object name.' },
  { name: 'tagfocus', key: 'tagFocus', kind: 'string', help: 'Restricts to samples with tags in range or matched by regexp\nUse name=value syntax to limit the matching to a specific tag.\nNumeric tag filter examples: 1kb, 1kb:10kb, memory=32mb:\nString tag filter examples: foo, foo.*bar, mytag=foo.*bar' },
  { name: 'tagignore', key: 'tagIgnore', kind: 'string', help: 'Discard samples with tags in range or matched by regexp\nUse name=value syntax to limit the matching to a specific tag.\nNumeric tag filter examples: 1kb, 1kb:10kb, memory=32mb:\nString tag filter examples: foo, foo.*bar, mytag=foo.*bar' },
  { name: 'tagshow', key: 'tagShow', kind: 'string', help: 'Only consider tags matching this regexp\nDiscard tags that do not match this regexp' },
  { name: 'taghide', key: 'tagHide', kind: 'string', help: 'Skip tags matching this regexp\nDiscard tags that match this regexp' },
  { name: 'noinlines', key: 'noInlines', kind: 'bool', help: 'Ignore inlines.\nAttributes inlined functions to their first out-of-line caller.' },
  { name: 'granularity', key: 'granularity', kind: 'string', choices: ['functions', 'filefunctions', 'files', 'lines', 'addresses'], help: '' },
];

/** CHOICE_HELP is the help of each choice of a multi-choice setting. */
export const CHOICE_HELP: Record<string, string> = {
  flat: 'Sort entries based on own weight',
  cum: 'Sort entries based on cumulative weight',
  functions: 'Aggregate at the function level.\nIgnores the filename where the function was defined.',
  filefunctions: 'Aggregate at the function level.\nTakes into account the filename where the function was defined.',
  files: 'Aggregate at the file level.',
  lines: 'Aggregate at the source code line level.',
  addresses: "Aggregate at the address level.\nIncludes functions' addresses in the output.",
};

/** findSetting finds a setting by its name or by one of its choices. */
export function findSetting(name: string): Setting | undefined {
  return SETTINGS.find((s) => s.name === name || s.choices?.includes(name));
}

/** isBoolSetting is true for boolean settings and for choices (which act as booleans). */
export function isBoolSetting(name: string): boolean {
  const s = findSetting(name);
  return s !== undefined && (s.name !== name || s.kind === 'bool');
}

// stringToBool is pprof's: "" counts as true, for "name" alone.
function stringToBool(v: string): boolean {
  switch (v.toLowerCase()) {
    case 'true': case 't': case 'yes': case 'y': case '1': case '':
      return true;
    case 'false': case 'f': case 'no': case 'n': case '0':
      return false;
  }
  throw new Error(`illegal value "${v}" for bool variable`);
}

function setValue(cfg: Config, s: Setting, value: string): void {
  const rec = cfg as unknown as Record<string, unknown>;
  switch (s.kind) {
    case 'string':
      if (s.choices && !s.choices.includes(value)) throw new Error(`invalid "${s.name}" value "${value}"`);
      rec[s.key] = value;
      return;
    case 'int':
      if (!/^[+-]?[0-9]+$/.test(value)) throw new Error(`strconv.Atoi: parsing "${value}": invalid syntax`);
      rec[s.key] = Number(value);
      return;
    case 'float': {
      const n = goParseFloat(value);
      if (n === undefined) throw new Error(`strconv.ParseFloat: parsing "${value}": invalid syntax`);
      rec[s.key] = n;
      return;
    }
    case 'bool':
      rec[s.key] = stringToBool(value);
  }
}

/** configure is pprof's configure: name=value, where a choice's name set to true selects it. */
export function configure(cfg: Config, name: string, value: string): void {
  const s = findSetting(name);
  if (!s) throw new Error(`unknown config field "${name}"`);
  if (s.name === name) return setValue(cfg, s, value);
  if (goParseBool(value) === true) {
    (cfg as unknown as Record<string, unknown>)[s.key] = name as Granularity;
    return;
  }
  throw new Error(`unknown config field "${name}"`);
}

function current(cfg: Config, s: Setting): string {
  const v = (cfg as unknown as Record<string, unknown>)[s.key];
  return String(v);
}

/** optionsListing is the shell's "o" output: every setting, its value and, for some, the allowed values. */
export function optionsListing(cfg: Config, sampleTypes: string[]): string {
  const rows: string[] = [];
  for (const s of SETTINGS) {
    let v = current(cfg, s);
    let comment = '';
    if (s.choices) {
      comment = '[' + [...s.choices].sort().join(' | ') + ']';
    } else if (s.name === 'sample_index') {
      if (v === '') v = sampleTypes[sampleTypes.length - 1];
      comment = '[' + sampleTypes.join(' | ') + ']';
    } else if (s.name === 'source_path') {
      continue;
    } else if (s.name === 'nodecount' && v === '-1') {
      comment = 'default';
    } else if (v === '') {
      v = '""';
    }
    if (comment !== '') comment = '//: ' + comment;
    rows.push(`  ${s.name.padEnd(25)} = ${v.padEnd(20)} ${comment}`);
  }
  return rows.sort().join('\n');
}
