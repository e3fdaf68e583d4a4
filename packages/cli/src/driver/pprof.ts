// runPprof is `fluoro pprof` without the process around it: flags in, report
// text out. It follows pprof's generateRawReport: the report's overrides
// (report/generate.ts says which), report total taken before -focus (unless
// -relative_percentages), then filtering, then granularity, then the report.

import { aggregate, compact, copyProfile, filterSamplesByName, filterSamplesByTag, filterTagsByName, pruneFrom, showFrom, type Granularity, type WProfile } from '@fluoro/profile';
import { addLabelNodes } from './tagroot.js';
import type { ReportOptions } from '../report/options.js';
import { generateReport, reportSpec } from '../report/generate.js';
import { ReportCache, type FrameIndexes } from '../report/frames.js';
import { newReport, type Report } from '../report/report.js';
import { AnalyzerError } from '../errors.js';
import { fetchProfiles, type FetchEnv } from './fetch.js';
import { parseFlags } from './flags.js';
import { configFromFlags, FLAG_SPECS, sourceFromFlags, type Config, type SourceOptions } from './options.js';
import { compileRegexp } from './regexp.js';
import { compileTagFilter } from './tagfocus.js';
import { collectingUI, type DriverUI } from './ui.js';

/** PprofResult is the report text and where it goes. */
export interface PprofResult {
  output: string;
  /** -output file, or "" for stdout. */
  file: string;
  /** Lines pprof prints on stderr (warnings). */
  warnings: string[];
  /** The report when it is binary (-proto); output is then "". */
  binary?: Uint8Array;
  /** The suffix of the new file this report goes to instead of a terminal (binary and SVG reports: pprof's awayFromTTY). */
  ttySuffix?: string;
}

function compile(name: string, value: string): RegExp | undefined {
  return value === '' ? undefined : compileRegexp(name, value);
}

/** compileArgument compiles the -peek/-list regexp; pprof's error names the argument itself. */
function compileArgument(value: string): RegExp | undefined {
  if (value === '') return undefined;
  try {
    return compileRegexp('argument', value);
  } catch (err) {
    const why = (err as Error).message.replace(/^parsing argument regexp: /, '');
    throw new AnalyzerError(`parsing argument regexp ${value}: ${why}`, { cause: err });
  }
}

/** sampleIndexByName resolves -sample_index (a name, an index, or "" for the default). */
export function sampleIndexByName(p: WProfile, si: string): number {
  const types = p.sampleType.map((t) => t.type);
  if (si === '') {
    if (p.defaultSampleType !== '') {
      const i = types.indexOf(p.defaultSampleType);
      if (i >= 0) return i;
    }
    return types.length - 1;
  }
  if (/^[+-]?\d+$/.test(si)) {
    const i = Number(si);
    if (i < 0 || i >= types.length) {
      throw new AnalyzerError(`sample_index ${si} is outside the range [0..${types.length - 1}]`);
    }
    return i;
  }
  const noInuse = si.startsWith('inuse_') ? si.slice(6) : si;
  const i = types.findIndex((t) => t === si || t === noInuse);
  if (i < 0) throw new AnalyzerError(`sample_index "${si}" must be one of: [${types.join(' ')}]`);
  return i;
}

// The web UI prepares a report from the same loaded profile for every
// request; its label units are read once per samples' label column.
const unitsByLabels = new WeakMap<object, Map<string, string>>();

function numLabelUnits(p: WProfile): Map<string, string> {
  let units = unitsByLabels.get(p.samples.labels);
  if (units === undefined) {
    units = labelUnits(p);
    unitsByLabels.set(p.samples.labels, units);
  }
  return units;
}

function labelUnits(p: WProfile): Map<string, string> {
  const units = new Map<string, string>();
  const keys = new Set<string>();
  const labels = p.samples.labels;
  for (let i = 0; i < labels.length; i++) {
    const s = labels[i];
    // Most samples have no labels, and those that have share label sets
    // with their neighbours: a set seen just before adds nothing.
    if ((i > 0 && s === labels[i - 1]) || s.numLabel.size === 0) continue;
    for (const k of s.numLabel.keys()) {
      keys.add(k);
      for (const u of s.numUnit.get(k) ?? []) if (u !== '' && !units.has(k)) units.set(k, u);
    }
  }
  for (const k of keys) {
    if (!units.get(k)) units.set(k, k === 'alignment' || k === 'request' ? 'bytes' : k);
  }
  return units;
}

function applyOverrides(cfg: Config): void {
  const spec = reportSpec(cfg.report);
  if (cfg.nodeCount === -1) cfg.nodeCount = spec.nodeCount;
  if (spec.granularity) cfg.granularity = spec.granularity;
  if (spec.inlines) cfg.noInlines = false;
  if (!cfg.trim || !spec.trim) {
    cfg.nodeCount = 0;
    cfg.nodeFraction = 0;
    cfg.edgeFraction = 0;
  }
}

// applyFocus is pprof's applyFocus: every regexp is compiled before any
// sample is dropped, then name filters, show_from, tag filters, tag names.
function applyFocus(p: WProfile, cfg: Config, units: Map<string, string>, warnings: string[]): void {
  const warn = (l: string) => warnings.push(l);
  const focus = compile('focus', cfg.focus);
  const ignore = compile('ignore', cfg.ignore);
  const hide = compile('hide', cfg.hide);
  const show = compile('show', cfg.show);
  const from = compile('show_from', cfg.showFrom);
  const tagFocus = compileTagFilter('tagfocus', cfg.tagFocus, units, warn);
  const tagIgnore = compileTagFilter('tagignore', cfg.tagIgnore, units, warn);
  const prune = compile('prune_from', cfg.pruneFrom);
  const m = filterSamplesByName(p, { focus, ignore, hide, show });
  if (focus && !m.fm) warn('Focus expression matched no samples');
  if (ignore && !m.im) warn('Ignore expression matched no samples');
  if (hide && !m.hm) warn('Hide expression matched no samples');
  if (show && !m.hnm) warn('Show expression matched no samples');
  if (from && !showFrom(p, from)) warn('ShowFrom expression matched no samples');
  const t = filterSamplesByTag(p, tagFocus, tagIgnore);
  if (tagFocus && !t.fm) warn('TagFocus expression matched no samples');
  if (tagIgnore && !t.im) warn('TagIgnore expression matched no samples');
  const tagShow = compile('tagshow', cfg.tagShow);
  const tagHide = compile('taghide', cfg.tagHide);
  if (tagShow || tagHide) {
    const n = filterTagsByName(p, tagShow, tagHide);
    if (tagShow && !n.sm) warn('TagShow expression matched no samples');
    if (tagHide && !n.hm) warn('TagHide expression matched no samples');
  }
  if (prune) pruneFrom(p, prune);
}

// tagRootsLeaves is pprof's generateTagRootsLeaves, run before the filters
// so that they can match the pseudo frames.
function tagRootsLeaves(p: WProfile, cfg: Config, warnings: string[]): void {
  const keys = (s: string) => s.split(',').filter((k) => k !== '');
  const { rootm, leafm } = addLabelNodes(p, keys(cfg.tagRoot), keys(cfg.tagLeaf), cfg.unit);
  if (cfg.tagRoot !== '' && !rootm) warnings.push('TagRoot expression matched no samples');
  if (cfg.tagLeaf !== '' && !leafm) warnings.push('TagLeaf expression matched no samples');
}

/** Prepared is a profile filtered and aggregated for one report, with the report's options. */
export interface Prepared {
  p: WProfile;
  rpt: Report;
  cfg: Config;
  warnings: string[];
}

/** Aggregated are a profile's mappings, locations and functions aggregated to one granularity, and the frame indexes made of them. */
export interface Aggregated {
  /** The profile, aggregated; its samples do not matter. */
  profile: WProfile;
  frames: FrameIndexes;
}

/** PrepareOptions are prepareReport's optional collaborators. */
export interface PrepareOptions {
  /**
   * Gives the profile's objects aggregated to a granularity (with and
   * without inlined frames). With it, prepareReport leaves p as it is:
   * when the settings leave locations alone (no -tagroot, -tagleaf, -hide,
   * -show, -show_from or -prune_from, the filters that rewrite them), only
   * p's samples go through the filters and the prepared profile is the
   * aggregated one with those samples; otherwise it prepares a copy of p.
   * A web session keeps the aggregated objects of the granularities it was
   * asked for, so that a new filter costs a walk over the samples instead
   * of a copy of every location.
   */
  aggregated?: (granularity: Granularity, noInlines: boolean) => Aggregated;
}

// rewritesLocations tells whether the settings change the profile's
// locations or functions before aggregation, not only its samples.
function rewritesLocations(cfg: Config): boolean {
  return [cfg.tagRoot, cfg.tagLeaf, cfg.hide, cfg.show, cfg.showFrom, cfg.pruneFrom].some((v) => v !== '');
}

/**
 * prepareReport runs pprof's pipeline up to the report: overrides, the
 * report's options (the -peek/-list regexp compiled where pprof compiles
 * it, before -focus), the report total, filters, granularity. It modifies
 * p and cfg.
 */
export function prepareReport(profile: WProfile, cfg: Config, o: PrepareOptions = {}): Prepared {
  const warnings: string[] = [];
  const units = numLabelUnits(profile);
  applyOverrides(cfg);
  const agg = o.aggregated && !rewritesLocations(cfg) ? o.aggregated(cfg.granularity, cfg.noInlines) : undefined;
  // With aggregated objects, the filters only replace the samples of a shallow copy.
  const p = agg ? { ...profile } : o.aggregated ? copyProfile(profile) : profile;
  tagRootsLeaves(p, cfg, warnings);
  if (cfg.relativePercentages) applyFocus(p, cfg, units, warnings);
  const rpt = newReport(p, reportOptions(p, cfg, units));
  if (!cfg.relativePercentages) applyFocus(p, cfg, units, warnings);
  if (!agg) {
    aggregate(p, cfg.granularity, cfg.noInlines);
    return { p, rpt, cfg, warnings };
  }
  const prepared = { ...agg.profile, samples: p.samples };
  return { p: prepared, rpt: { ...rpt, prof: prepared, cache: new ReportCache(agg.frames) }, cfg, warnings };
}

/**
 * preparedKey names what prepareReport makes of a profile under cfg: the
 * prepared profile, its warnings and its total depend on these settings
 * only (after the report's overrides). Two configurations with the same key
 * differ in the report's options alone, so one prepared profile serves
 * both (prepareAgain).
 */
export function preparedKey(cfg: Config): string {
  const c = { ...cfg };
  applyOverrides(c);
  return JSON.stringify([
    c.tagRoot, c.tagLeaf, c.unit, c.relativePercentages,
    c.focus, c.ignore, c.hide, c.show, c.showFrom, c.tagFocus, c.tagIgnore, c.tagShow, c.tagHide, c.pruneFrom,
    c.sampleIndex, c.mean, c.granularity, c.noInlines,
  ]);
}

/** prepareAgain is prepareReport for cfg on a profile prepareReport prepared under a configuration of the same preparedKey; it modifies cfg. */
export function prepareAgain(prepared: Prepared, cfg: Config): Prepared {
  applyOverrides(cfg);
  const { p, rpt } = prepared;
  const options = reportOptions(p, cfg, rpt.options.numLabelUnits);
  return { p, rpt: { ...rpt, options }, cfg, warnings: [...prepared.warnings] };
}

// reportOptions are the report's options under cfg, as prepareReport sets
// them after the filters a relative report applies first.
function reportOptions(p: WProfile, cfg: Config, units: Map<string, string>): ReportOptions {
  if (p.sampleType.length === 0) throw new AnalyzerError('profile has no samples');
  const index = sampleIndexByName(p, cfg.sampleIndex);
  if (cfg.divideBy === 0) throw new AnalyzerError('zero divisor specified');
  const filters: string[] = [];
  const add = (k: string, v: string) => v !== '' && filters.push(`${k}=${v}`);
  add('focus', cfg.focus);
  add('ignore', cfg.ignore);
  add('hide', cfg.hide);
  add('show', cfg.show);
  add('show_from', cfg.showFrom);
  add('tagfocus', cfg.tagFocus);
  add('tagignore', cfg.tagIgnore);
  add('tagshow', cfg.tagShow);
  add('taghide', cfg.tagHide);
  const st = p.sampleType[index];
  const options: ReportOptions = {
    sampleIndex: index,
    meanIndex: cfg.mean ? 0 : -1,
    sampleType: cfg.mean ? 'mean_' + st.type : st.type,
    sampleUnit: st.unit,
    outputUnit: cfg.unit,
    cumSort: cfg.sort === 'cum',
    nodeCount: cfg.nodeCount,
    nodeFraction: cfg.nodeFraction,
    edgeFraction: cfg.edgeFraction,
    activeFilters: filters,
    numLabelUnits: units,
    ratio: 1 / cfg.divideBy,
    trimPath: cfg.trimPath,
    sourcePath: cfg.sourcePath,
    symbol: compileArgument(cfg.symbol),
    dropNegative: cfg.dropNegative,
    callTree: cfg.callTree,
    compactLabels: cfg.compactLabels,
  };
  return options;
}

/** Invocation is a parsed `fluoro pprof` command line. */
export interface Invocation {
  cfg: Config;
  source: SourceOptions;
}

/** parsePprofArgs parses pprof's command line into the report configuration and the sources. */
export function parsePprofArgs(args: string[]): Invocation {
  const { flags, rest } = parseFlags(args, FLAG_SPECS);
  if (rest.length === 0) throw new AnalyzerError('no profile source specified');
  const cfg = configFromFlags(flags);
  return { cfg, source: sourceFromFlags(flags, rest, cfg) };
}

/** PprofRunOptions are runPprof's optional collaborators. */
export interface PprofRunOptions {
  /** Receives progress and warning lines as they happen; without it they end in PprofResult.warnings. */
  ui?: DriverUI;
  env?: FetchEnv;
}

/** runPprof parses pprof arguments, reads the sources and renders the report. */
export async function runPprof(args: string[], options: PprofRunOptions = {}): Promise<PprofResult> {
  const inv = parsePprofArgs(args);
  if (!inv.cfg.report) {
    // The shell needs a terminal or stdin: main.ts runs it (driver/shell.ts).
    throw new AnalyzerError('no report format given (-top, -traces, ...): runPprof does not run the interactive shell');
  }
  const lines: string[] = [];
  const ui = options.ui ?? collectingUI(lines);
  const p = await fetchProfiles(inv.source, ui, options.env);
  const res = await runReport(p, inv.cfg);
  return { ...res, warnings: [...lines, ...res.warnings] };
}

/** runReport prepares a profile for the report cfg names and generates it; it modifies profile and cfg. */
export async function runReport(profile: WProfile, cfg: Config): Promise<PprofResult> {
  const name = cfg.report;
  if (!name) throw new AnalyzerError('no report format given');
  const { listsSamples, ttySuffix } = reportSpec(name);
  const p = listsSamples && profile.duplicates ? compact(profile) : profile;
  const { rpt, warnings } = prepareReport(p, cfg);
  const out = await generateReport(name, rpt);
  const where = { file: cfg.output, warnings, ...(ttySuffix !== undefined ? { ttySuffix } : {}) };
  return typeof out === 'string' ? { output: out, ...where } : { output: '', binary: out, ...where };
}
