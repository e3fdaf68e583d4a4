// A sample's labels grouped by key, the way Go's profile package holds them
// (Label: key -> values, NumLabel and NumUnit), because pprof's reports,
// merge keys and -raw output all read that shape. Label sets are read-only
// and shared: every sample without labels points at NO_LABELS (most samples
// of a big profile have none, and three maps per sample would cost more
// memory than the stacks), and an operation that changes labels makes new
// sets instead of editing them.

import type { Label } from './model.js';

/** SampleLabels are one sample's labels by key: string values, numeric values and their units. */
export interface SampleLabels {
  readonly label: ReadonlyMap<string, string[]>;
  readonly numLabel: ReadonlyMap<string, number[]>;
  readonly numUnit: ReadonlyMap<string, string[]>;
}

const EMPTY: ReadonlyMap<never, never> = new Map<never, never>();

/** NO_LABELS is the label set of every sample that has none. */
export const NO_LABELS: SampleLabels = Object.freeze({ label: EMPTY, numLabel: EMPTY, numUnit: EMPTY });

/** hasLabels tells whether a label set has any string or numeric label. */
export function hasLabels(l: SampleLabels): boolean {
  return l.label.size > 0 || l.numLabel.size > 0;
}

// Go keeps a label with a string value as a string label, and one with a
// number or a unit as a numeric label; a label with neither is dropped.
function isString(l: Label): boolean {
  return l.str !== undefined && l.str !== '';
}

function isNumeric(l: Label): boolean {
  return !isString(l) && ((l.num !== undefined && l.num !== 0) || (l.numUnit !== undefined && l.numUnit !== ''));
}

function stringLabels(labels: readonly Label[]): ReadonlyMap<string, string[]> {
  const label = new Map<string, string[]>();
  for (const l of labels) {
    if (!isString(l)) continue;
    const v = label.get(l.key);
    if (v) v.push(l.str!);
    else label.set(l.key, [l.str!]);
  }
  return label.size === 0 ? EMPTY : label;
}

function numericLabels(labels: readonly Label[]): ReadonlyMap<string, number[]> {
  const numLabel = new Map<string, number[]>();
  for (const l of labels) {
    if (!isNumeric(l)) continue;
    const v = numLabel.get(l.key);
    if (v) v.push(l.num ?? 0);
    else numLabel.set(l.key, [l.num ?? 0]);
  }
  return numLabel.size === 0 ? EMPTY : numLabel;
}

// numericUnits is Go's NumUnit: per key, the unit of each numeric value,
// '' where a value has none, or no entry when none of the key's values has one.
function numericUnits(labels: readonly Label[]): ReadonlyMap<string, string[]> {
  const count = new Map<string, number>();
  const numUnit = new Map<string, string[]>();
  for (const l of labels) {
    if (!isNumeric(l)) continue;
    const n = count.get(l.key) ?? 0;
    count.set(l.key, n + 1);
    if (!l.numUnit) continue;
    const units = numUnit.get(l.key) ?? [];
    while (units.length < n) units.push('');
    units.push(l.numUnit);
    numUnit.set(l.key, units);
  }
  for (const [k, units] of numUnit) while (units.length < count.get(k)!) units.push('');
  return numUnit.size === 0 ? EMPTY : numUnit;
}

/** groupLabels turns a decoded sample's label list into Go's grouped maps (NO_LABELS for none). */
export function groupLabels(labels: readonly Label[] | undefined): SampleLabels {
  if (labels === undefined || labels.length === 0) return NO_LABELS;
  const label = stringLabels(labels);
  const numLabel = numericLabels(labels);
  return label.size === 0 && numLabel.size === 0 ? NO_LABELS : { label, numLabel, numUnit: numericUnits(labels) };
}

// part is one label's share of a LabelSets key: every string is prefixed
// with its length, so that different label lists never give the same key.
function part(s: string): string {
  return `${s.length}:${s}`;
}

/**
 * LabelSets groups decoded label lists as groupLabels does, sharing what
 * repeats between samples: the string labels and units of a big profile's
 * labelled samples mostly take a few values, and three maps per sample
 * were a third of its decoded objects. String label maps and unit maps are
 * shared by content, and so are whole sets without numeric labels; numeric
 * values mostly differ from sample to sample (allocation sizes), so their
 * maps are not looked up.
 */
export class LabelSets {
  private readonly labelMaps = new Map<string, ReadonlyMap<string, string[]>>();
  private readonly numUnitMaps = new Map<string, ReadonlyMap<string, string[]>>();
  private readonly stringOnly = new Map<ReadonlyMap<string, string[]>, SampleLabels>();

  /** of returns the label set of a decoded sample's label list. */
  of(labels: readonly Label[] | undefined): SampleLabels {
    if (labels === undefined || labels.length === 0) return NO_LABELS;
    let strKey = '';
    let unitKey = '';
    let numeric = false;
    for (const l of labels) {
      if (isString(l)) {
        strKey += part(l.key) + part(l.str!);
      } else if (isNumeric(l)) {
        numeric = true;
        unitKey += part(l.key) + part(l.numUnit ?? '');
      }
    }
    const label = strKey === '' ? EMPTY : shared(this.labelMaps, strKey, () => stringLabels(labels));
    if (!numeric) {
      if (label === EMPTY) return NO_LABELS;
      let set = this.stringOnly.get(label);
      if (set === undefined) this.stringOnly.set(label, (set = { label, numLabel: EMPTY, numUnit: EMPTY }));
      return set;
    }
    return { label, numLabel: numericLabels(labels), numUnit: shared(this.numUnitMaps, unitKey, () => numericUnits(labels)) };
  }
}

function shared<V>(maps: Map<string, ReadonlyMap<string, V>>, key: string, make: () => ReadonlyMap<string, V>): ReadonlyMap<string, V> {
  let m = maps.get(key);
  if (m === undefined) maps.set(key, (m = make()));
  return m;
}

/** ungroupLabels flattens grouped labels into a label list, keys sorted as Go's encoder writes them. */
export function ungroupLabels(l: SampleLabels): Label[] {
  const out: Label[] = [];
  if (!hasLabels(l)) return out;
  for (const k of [...l.label.keys()].sort()) for (const v of l.label.get(k)!) out.push({ key: k, str: v });
  for (const k of [...l.numLabel.keys()].sort()) {
    const units = l.numUnit.get(k) ?? [];
    l.numLabel.get(k)!.forEach((n, i) => out.push({ key: k, num: n, numUnit: units[i] ?? '' }));
  }
  return out;
}

/**
 * labelsKey is the label part of Go's sampleKey: equal for equal label sets,
 * whatever their insertion order, and "" for a sample without labels.
 */
export function labelsKey(l: SampleLabels): string {
  if (!hasLabels(l)) return '';
  const labels = [...l.label].map(([k, v]) => JSON.stringify(k) + JSON.stringify(v)).sort().join('');
  const nums = [...l.numLabel]
    .map(([k, v]) => JSON.stringify(k) + JSON.stringify(v) + JSON.stringify(l.numUnit.get(k) ?? []))
    .sort()
    .join('');
  return labels + '\u0000' + nums;
}

/**
 * mapLabels applies edit to each distinct label set once: samples that
 * shared a set before share its replacement after, so an edit of every
 * sample's labels costs one edit per distinct set.
 */
export function mapLabels(labels: readonly SampleLabels[], edit: (l: SampleLabels) => SampleLabels): SampleLabels[] {
  const done = new Map<SampleLabels, SampleLabels>();
  return labels.map((l) => {
    let r = done.get(l);
    if (r === undefined) done.set(l, (r = edit(l)));
    return r;
  });
}
