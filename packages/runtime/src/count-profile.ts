// Go's count profiles (custom profiles, goroutine, threadcreate): entries
// grouped by stack and labels, written as proto or as the debug=1 text
// (`NAME profile: total N`, then `COUNT @ ...` records, largest first).

import { emptyProfile, PROFILE_TEXT_TABS, tabwrite, type Profile } from '@fluoro/profile';
import { FrameTable, type Frame } from './frames.js';
import type { Labels } from './labels.js';
import { stackKey } from './stack-capture.js';
import { formatStackRecord } from './stack-text.js';

/** StackEntry is one counted thing: the stack that made it and its labels. */
export interface StackEntry {
  stack: Frame[];
  labels: Labels;
  /** How many things this entry stands for (sampled async operations); 1 when absent. */
  weight?: number;
}

/** countProfileData builds the proto form of a count profile. */
export function countProfileData(name: string, entries: StackEntry[], now: number): Profile {
  return toProfile(name, groupByStack(entries), now);
}

/** countProfileText writes Go's debug=1 text of a count profile. */
export function countProfileText(name: string, entries: StackEntry[]): string {
  const table = new FrameTable();
  let out = `${name} profile: total ${totalCount(entries)}\n`;
  for (const g of groupByStack(entries)) out += formatStackRecord(String(g.count), g.stack, table, labelsLine(g.labels));
  return tabwrite(out, PROFILE_TEXT_TABS);
}

interface Group {
  stack: Frame[];
  labels: [string, string][];
  count: number;
}

/** entryKey is what a count profile groups entries by: the stack and the labels. */
export function entryKey(stack: Frame[], labels: Labels): string {
  return stackKey(stack) + JSON.stringify(sortedLabels(labels));
}

function sortedLabels(labels: Labels): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function groupByStack(ops: StackEntry[]): Group[] {
  const byKey = new Map<string, Group>();
  for (const op of ops) {
    const key = entryKey(op.stack, op.labels);
    let g = byKey.get(key);
    if (g === undefined) byKey.set(key, (g = { stack: op.stack, labels: sortedLabels(op.labels), count: 0 }));
    g.count += op.weight ?? 1;
  }
  for (const g of byKey.values()) g.count = Math.round(g.count);
  return [...byKey.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1)).map(([, g]) => g);
}

/** totalCount is the number of things the entries stand for, rounded. */
export function totalCount(entries: StackEntry[]): number {
  let total = 0;
  for (const e of entries) total += e.weight ?? 1;
  return Math.round(total);
}

// labelsLine is Go's `# labels: {"k":"v", "k2":"v2"}` line, empty without labels.
function labelsLine(labels: [string, string][]): string {
  if (labels.length === 0) return '';
  return `# labels: {${labels.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}\n`;
}

function toProfile(name: string, groups: Group[], now: number): Profile {
  const table = new FrameTable();
  const type = { type: name, unit: 'count' };
  return {
    ...emptyProfile([type]),
    sample: groups.map((g) => ({
      location: g.stack.map((f) => table.locationFor(f)),
      value: [g.count],
      label: g.labels.map(([key, str]) => ({ key, str })),
    })),
    location: table.locations,
    function: table.functions,
    timeNanos: now * 1e6,
    periodType: type,
    period: 1,
  };
}

