// The flags `fluoro pprof` accepts and the configuration they make, with
// pprof's defaults (nodefraction 0.005, edgefraction 0.001, unit "minimum",
// sort by flat, function granularity).

import type { Granularity } from '@fluoro/profile';
import { AnalyzerError } from '../errors.js';
import { REPORTS, reportSpec, type ReportName } from '../report/generate.js';
import type { FlagSpec, FlagValues } from './flags.js';
import { closeSync, openSync, readSync } from 'node:fs';

/** GRANULARITIES are the -granularity choices, each also a flag of its own. */
export const GRANULARITIES: Granularity[] = ['functions', 'filefunctions', 'files', 'lines', 'addresses'];
/** SAMPLE_SHORTCUTS are the legacy flags that stand for a -sample_index. */
export const SAMPLE_SHORTCUTS: [string, string][] = [
  ['total_delay', 'delay'],
  ['mean_delay', 'delay'],
  ['contentions', 'contentions'],
  ['inuse_space', 'inuse_space'],
  ['inuse_objects', 'inuse_objects'],
  ['alloc_space', 'alloc_space'],
  ['alloc_objects', 'alloc_objects'],
];

/** FLAG_SPECS declares every flag with its help line. */
export const FLAG_SPECS = new Map<string, FlagSpec>([
  ['top', { kind: 'bool', help: 'Outputs top entries in text form' }],
  ['text', { kind: 'bool', help: 'Outputs top entries in text form' }],
  ['traces', { kind: 'bool', help: 'Outputs all profile samples in text form' }],
  ['tags', { kind: 'bool', help: 'Outputs all tags in the profile' }],
  ['raw', { kind: 'bool', help: 'Outputs a text representation of the raw profile' }],
  ['proto', { kind: 'bool', help: 'Outputs the profile in compressed protobuf format' }],
  ['collapsed', { kind: 'bool', help: 'Outputs folded stacks (root;caller;leaf value)' }],
  ['dot', { kind: 'bool', help: 'Outputs a graph in DOT format' }],
  ['svg', { kind: 'bool', help: 'Outputs a graph in SVG format' }],
  ['tree', { kind: 'bool', help: 'Outputs a text rendering of call graph' }],
  ['peek', { kind: 'string', help: 'Output callers/callees of functions matching regexp' }],
  ['list', { kind: 'string', help: 'Output annotated source for functions matching regexp' }],
  ['source_path', { kind: 'string', help: 'Search path for source files' }],
  ['output', { kind: 'string', help: 'Output filename for file-based outputs' }],
  ['nodecount', { kind: 'int', help: 'Max number of nodes to show' }],
  ['nodefraction', { kind: 'float', help: 'Hide nodes below <f>*total' }],
  ['edgefraction', { kind: 'float', help: 'Hide edges below <f>*total' }],
  ['cum', { kind: 'bool', help: 'Sort entries based on cumulative weight' }],
  ['flat', { kind: 'bool', help: 'Sort entries based on own weight' }],
  ['sample_index', { kind: 'string', help: 'Sample value to report (0-based index or name)' }],
  ['mean', { kind: 'bool', help: 'Average sample value over first value (count)' }],
  ['unit', { kind: 'string', help: 'Measurement units to display' }],
  ['divide_by', { kind: 'float', help: 'Ratio to divide all samples before visualization' }],
  ['noinlines', { kind: 'bool', help: 'Ignore inlines.' }],
  ['granularity', { kind: 'string', help: 'functions, filefunctions, files, lines or addresses' }],
  ['focus', { kind: 'string', help: 'Restricts to samples going through a node matching regexp' }],
  ['ignore', { kind: 'string', help: 'Skips paths going through any nodes matching regexp' }],
  ['hide', { kind: 'string', help: 'Skips nodes matching regexp' }],
  ['show', { kind: 'string', help: 'Only show nodes matching regexp' }],
  ['show_from', { kind: 'string', help: 'Drops functions above the highest matched frame.' }],
  ['prune_from', { kind: 'string', help: 'Drops any functions below the matched frame.' }],
  ['relative_percentages', { kind: 'bool', help: 'Show percentages relative to focused subgraph' }],
  ['drop_negative', { kind: 'bool', help: 'Ignore negative differences' }],
  ['call_tree', { kind: 'bool', help: 'Create a context-sensitive call tree' }],
  ['trim_path', { kind: 'string', help: 'Path to trim from source paths before search' }],
  ['trim', { kind: 'bool', help: 'Honor nodefraction/edgefraction/nodecount defaults' }],
  ['compact_labels', { kind: 'bool', help: 'Show minimal headers' }],
  ['tagfocus', { kind: 'string', help: 'Restricts to samples with tags in range or matched by regexp' }],
  ['tagignore', { kind: 'string', help: 'Discard samples with tags in range or matched by regexp' }],
  ['tagshow', { kind: 'string', help: 'Only consider tags matching this regexp' }],
  ['taghide', { kind: 'string', help: 'Skip tags matching this regexp' }],
  ['tagroot', { kind: 'string', help: 'Adds pseudo stack frames for labels key/value pairs at the callstack root.' }],
  ['tagleaf', { kind: 'string', help: 'Adds pseudo stack frames for labels key/value pairs at the callstack leaf.' }],
  ['normalize', { kind: 'bool', help: 'Scales profile based on the base profile.' }],
  ['base', { kind: 'string', help: 'Source of base profile for profile subtraction' }],
  ['diff_base', { kind: 'string', help: 'Source of base profile for comparison' }],
  ['seconds', { kind: 'int', help: 'Length of time for dynamic profiles' }],
  ['timeout', { kind: 'int', help: 'Timeout in seconds for fetching a profile' }],
  ['add_comment', { kind: 'string', help: 'Annotation string to record in the profile' }],
  ['symbolize', { kind: 'string', help: 'Options for profile symbolization' }],
  ['buildid', { kind: 'string', help: 'Override build id for first mapping' }],
  ['functions', { kind: 'bool', help: 'Aggregate at the function level.' }],
  ['filefunctions', { kind: 'bool', help: 'Aggregate at the function level.' }],
  ['files', { kind: 'bool', help: 'Aggregate at the file level.' }],
  ['lines', { kind: 'bool', help: 'Aggregate at the source code line level.' }],
  ['addresses', { kind: 'bool', help: 'Aggregate at the address level.' }],
  ...SAMPLE_SHORTCUTS.map(([f, t]): [string, FlagSpec] => [f, { kind: 'bool', help: `Display ${t}` }]),
]);

/** Config is pprof's configuration after flags. */
export interface Config {
  report?: ReportName;
  /** The regexp of -peek or -list. */
  symbol: string;
  sourcePath: string;
  output: string;
  nodeCount: number;
  nodeFraction: number;
  edgeFraction: number;
  trim: boolean;
  sort: 'flat' | 'cum';
  sampleIndex: string;
  mean: boolean;
  unit: string;
  divideBy: number;
  noInlines: boolean;
  granularity: Granularity;
  focus: string;
  ignore: string;
  hide: string;
  show: string;
  showFrom: string;
  relativePercentages: boolean;
  /** -drop_negative: graphs leave out nodes whose value went down (diffs). */
  dropNegative: boolean;
  /** -call_tree: dot graphs tell a frame's call paths apart. */
  callTree: boolean;
  trimPath: string;
  normalize: boolean;
  tagFocus: string;
  tagIgnore: string;
  tagShow: string;
  tagHide: string;
  tagRoot: string;
  tagLeaf: string;
  pruneFrom: string;
  /** Text reports without the profile's header lines (pprof's shell turns this on). */
  compactLabels: boolean;
}

/** SourceOptions are the flags that say where profiles come from (pprof's source struct). */
export interface SourceOptions {
  sources: string[];
  /** -base or -diff_base sources. */
  base: string[];
  /** The base came from -diff_base: its samples are tagged pprof::base=true instead of only subtracted. */
  diffBase: boolean;
  normalize: boolean;
  /** -seconds, or -1. */
  seconds: number;
  /** -timeout, or -1. */
  timeout: number;
  comment: string;
  /** -symbolize: "" or modes such as none, local, remote. */
  symbolize: string;
  /** The [binary] argument: the first mapping's file becomes this path. */
  execName: string;
  /** -buildid, or a hex [binary] argument: the first mapping's build id. */
  buildId: string;
}

// isObjectFile tells whether a path is an executable pprof's object tool
// opens (ELF, Mach-O, PE): such a first argument names the binary.
function isObjectFile(path: string): boolean {
  const head = Buffer.alloc(4);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    // Not a file here: a source such as a URL, or one whose error comes later, when it is read.
    return false;
  }
  try {
    readSync(fd, head, 0, 4, 0);
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
  const magic = head.readUInt32BE(0);
  return (
    magic === 0x7f454c46 || // ELF
    [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic) || // Mach-O
    head.readUInt16BE(0) === 0x4d5a // PE "MZ"
  );
}

/** sourceFromFlags checks and collects the source flags, with pprof's messages. */
export function sourceFromFlags(f: FlagValues, sources: string[], cfg: Config): SourceOptions {
  let execName = '';
  let buildId = f.has('buildid') ? String(f.get('buildid')) : '';
  if (sources.length > 1) {
    if (isObjectFile(sources[0])) {
      execName = sources[0];
      sources = sources.slice(1);
    } else if (buildId === '' && /^[0-9a-fA-F]+$/.test(sources[0])) {
      buildId = sources[0];
      sources = sources.slice(1);
    }
  }
  const base = f.has('base') ? String(f.get('base')) : '';
  const diffBase = f.has('diff_base') ? String(f.get('diff_base')) : '';
  if (base !== '' && diffBase !== '') throw new AnalyzerError('-base and -diff_base flags cannot both be specified');
  const list = base !== '' ? [base] : diffBase !== '' ? [diffBase] : [];
  if (cfg.normalize && list.length === 0) throw new AnalyzerError('must have base profile to normalize by');
  return {
    sources,
    base: list,
    diffBase: diffBase !== '',
    normalize: cfg.normalize,
    seconds: f.has('seconds') ? Number(f.get('seconds')) : -1,
    timeout: f.has('timeout') ? Number(f.get('timeout')) : -1,
    comment: f.has('add_comment') ? String(f.get('add_comment')) : '',
    symbolize: f.has('symbolize') ? String(f.get('symbolize')) : '',
    execName,
    buildId,
  };
}

/** configFromFlags applies the command-line flags to pprof's default configuration. */
export function configFromFlags(f: FlagValues): Config {
  const str = (n: string, d = '') => (f.has(n) ? String(f.get(n)) : d);
  const num = (n: string, d: number) => (f.has(n) ? Number(f.get(n)) : d);
  const bool = (n: string) => f.get(n) === true;

  const reports = REPORTS.filter((r) => bool(r) || (reportSpec(r).hasParam && str(r) !== ''));
  if (reports.length > 1) throw new AnalyzerError('must set at most one output format');

  let sort: 'flat' | 'cum' = 'flat';
  const sorts = (['cum', 'flat'] as const).filter((s) => bool(s));
  if (sorts.length > 1) throw new AnalyzerError(`conflicting options set: [${sorts.join(' ')}]`);
  if (sorts.length === 1) sort = sorts[0];

  let granularity: Granularity = 'functions';
  const grans = GRANULARITIES.filter((g) => bool(g));
  if (grans.length > 1) throw new AnalyzerError(`conflicting options set: [${grans.join(' ')}]`);
  if (grans.length === 1) granularity = grans[0];
  if (f.has('granularity')) {
    const g = str('granularity') as Granularity;
    if (!GRANULARITIES.includes(g)) {
      throw new AnalyzerError(`invalid "granularity" value "${g}": must be one of ${GRANULARITIES.join(', ')}`);
    }
    granularity = g;
  }

  let sampleIndex = str('sample_index');
  for (const [flag, value] of SAMPLE_SHORTCUTS) if (bool(flag)) sampleIndex = value;

  return {
    report: reports[0],
    symbol: reports.length === 1 && reportSpec(reports[0]).hasParam ? str(reports[0]) : '',
    sourcePath: str('source_path'),
    output: str('output'),
    nodeCount: num('nodecount', -1),
    nodeFraction: num('nodefraction', 0.005),
    edgeFraction: num('edgefraction', 0.001),
    trim: f.has('trim') ? bool('trim') : true,
    sort,
    sampleIndex,
    mean: bool('mean') || bool('mean_delay'),
    unit: str('unit', 'minimum'),
    divideBy: num('divide_by', 1),
    noInlines: bool('noinlines'),
    granularity,
    focus: str('focus'),
    ignore: str('ignore'),
    hide: str('hide'),
    show: str('show'),
    showFrom: str('show_from'),
    relativePercentages: bool('relative_percentages'),
    dropNegative: bool('drop_negative'),
    callTree: bool('call_tree'),
    trimPath: str('trim_path'),
    normalize: bool('normalize'),
    tagFocus: str('tagfocus'),
    tagIgnore: str('tagignore'),
    tagShow: str('tagshow'),
    tagHide: str('taghide'),
    tagRoot: str('tagroot'),
    tagLeaf: str('tagleaf'),
    compactLabels: bool('compact_labels'),
    pruneFrom: str('prune_from'),
  };
}
