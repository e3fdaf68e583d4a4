// The contract between `fluoro pprof -http` and the browser app, declared
// once: the views the server computes under /ui/api/, the JSON each one
// answers, and the URL settings that change what it computes. The server
// implements it (web/api.ts) and the app imports it as @fluoro/cli/contract,
// so the two cannot drift apart without a compile error.
//
// Browser-safe on purpose: nothing here touches node: modules, and the types
// it takes from the report modules and @fluoro/profile vanish in the bundle.

import type { ValueType } from '@fluoro/profile';
import type { FlameData } from '../report/flamegraph.js';
import type { ListReport } from '../report/list.js';
import type { TopRow } from '../report/top.js';
import type { TreeEntry } from '../report/tree.js';

export type { ValueType } from '@fluoro/profile';
export type { FlameData } from '../report/flamegraph.js';
export type { ListLine, ListReport, ListRoutine } from '../report/list.js';
export type { TopRow } from '../report/top.js';
export type { TreeEdge, TreeEntry } from '../report/tree.js';
// The timeline page of `fluoro trace -http` has its own contract.
export * from './trace-contract.js';

/** VIEW_NAMES lists every JSON view under /ui/api/: meta first, then the pages in the app's tab order. */
export const VIEW_NAMES = ['meta', 'graph', 'top', 'flamegraph', 'sandwich', 'peek', 'source', 'tags'] as const;

/** ViewName is one of VIEW_NAMES. */
export type ViewName = (typeof VIEW_NAMES)[number];

/** PageName is a view with a page of its own in the app: every view but meta. */
export type PageName = Exclude<ViewName, 'meta'>;

/** PAGE_NAMES are the app's pages, in tab order. */
export const PAGE_NAMES: readonly PageName[] = VIEW_NAMES.filter((v): v is PageName => v !== 'meta');

/** isViewName reports whether name is a view of the contract. */
export function isViewName(name: string): name is ViewName {
  return (VIEW_NAMES as readonly string[]).includes(name);
}

/** pagePath is a page's path under /ui/: the graph is the front page, as in pprof. */
export function pagePath(page: PageName): string {
  return page === 'graph' ? '' : page;
}

/**
 * ViewHeader is what every view but meta starts with, so the page chrome is
 * drawn the same way everywhere. Values are raw numbers in sampleUnit; the
 * app formats them with the CLI's units table (@fluoro/cli/units).
 */
export interface ViewHeader {
  legend: string[];
  warnings: string[];
  sampleType: string;
  sampleUnit: string;
  /** The -unit setting ("minimum" picks one per value), or the unit a report chose. */
  outputUnit: string;
  /** The total that percentages are of. */
  total: number;
}

/** MetaView is what the page needs before any view: sample types and mode. */
export interface MetaView {
  title: string;
  sampleTypes: ValueType[];
  /** The sample type shown when the URL has no si parameter. */
  defaultSampleType: string;
  /** True when a -diff_base profile was subtracted. */
  diff: boolean;
}

/** GraphView is the laid-out call graph (`-svg`), which the page sanitizes before drawing. */
export interface GraphView extends ViewHeader {
  svg: string;
}

/** TopView is the rows of the top table. */
export interface TopView extends ViewHeader {
  /** The report's own header lines, as -top prints them. */
  labels: string[];
  rows: TopRow[];
}

/** FlameView is the flame graph of the current settings. */
export interface FlameView extends ViewHeader {
  flame: FlameData;
}

/** SandwichView is the callers and callees trees of the functions matching f. */
export interface SandwichView extends ViewHeader {
  callers: FlameData;
  callees: FlameData;
}

/** PeekView is the -peek report of the functions matching f as data. */
export interface PeekView extends ViewHeader {
  entries: TreeEntry[];
}

/** SourceView is the -list report of the functions matching f as data. */
export interface SourceView extends ViewHeader {
  list: ListReport;
}

/** TagsView is the -tags report's text. */
export interface TagsView extends ViewHeader {
  text: string;
}

/** ViewJSON is the JSON each view answers with, by name. */
export interface ViewJSON {
  meta: MetaView;
  graph: GraphView;
  top: TopView;
  flamegraph: FlameView;
  sandwich: SandwichView;
  peek: PeekView;
  source: SourceView;
  tags: TagsView;
}

/**
 * SettingKind is how a setting's value is read: as a value of its flag's
 * kind, or (choice) as the name of the flag to turn on.
 */
export type SettingKind = 'string' | 'bool' | 'int' | 'float' | 'choice';

/** UrlSetting is one query parameter that changes what the server computes. */
export interface UrlSetting {
  /** The parameter's name in the URL (pprof's short name). */
  name: string;
  /** The pprof flag it stands for; a choice names the flag group. */
  flag: string;
  kind: SettingKind;
  /** A choice's values, each one the flag it turns on. */
  choices?: readonly string[];
}

/**
 * URL_SETTINGS are pprof's URL parameters (its webui urlparam table), so a
 * pprof UI link means the same here. An empty or missing parameter leaves
 * the flag as the command line set it, else at pprof's default.
 */
export const URL_SETTINGS = [
  { name: 'f', flag: 'focus', kind: 'string' },
  { name: 'i', flag: 'ignore', kind: 'string' },
  { name: 'h', flag: 'hide', kind: 'string' },
  { name: 's', flag: 'show', kind: 'string' },
  { name: 'sf', flag: 'show_from', kind: 'string' },
  { name: 'tf', flag: 'tagfocus', kind: 'string' },
  { name: 'ti', flag: 'tagignore', kind: 'string' },
  { name: 'ts', flag: 'tagshow', kind: 'string' },
  { name: 'th', flag: 'taghide', kind: 'string' },
  { name: 'si', flag: 'sample_index', kind: 'string' },
  { name: 'mean', flag: 'mean', kind: 'bool' },
  { name: 'unit', flag: 'unit', kind: 'string' },
  { name: 'n', flag: 'nodecount', kind: 'int' },
  { name: 'nf', flag: 'nodefraction', kind: 'float' },
  { name: 'ef', flag: 'edgefraction', kind: 'float' },
  { name: 'g', flag: 'granularity', kind: 'string' },
  { name: 'noinlines', flag: 'noinlines', kind: 'bool' },
  { name: 'sort', flag: 'sort', kind: 'choice', choices: ['cum', 'flat'] },
  { name: 'rel', flag: 'relative_percentages', kind: 'bool' },
  { name: 'trim', flag: 'trim', kind: 'bool' },
  { name: 'norm', flag: 'normalize', kind: 'bool' },
  { name: 'calltree', flag: 'call_tree', kind: 'bool' },
  { name: 'dropneg', flag: 'drop_negative', kind: 'bool' },
  { name: 'prunefrom', flag: 'prune_from', kind: 'string' },
] as const satisfies readonly UrlSetting[];

/** SettingName is the URL name of one of URL_SETTINGS. */
export type SettingName = (typeof URL_SETTINGS)[number]['name'];
