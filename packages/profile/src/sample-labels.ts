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

/** groupLabels turns a decoded sample's label list into Go's grouped maps (NO_LABELS for none). */
export function groupLabels(labels: readonly Label[] | undefined): SampleLabels {
  if (labels === undefined || labels.length === 0) return NO_LABELS;
  const label = new Map<string, string[]>();
  const numLabel = new Map<string, number[]>();
  const numUnit = new Map<string, string[]>();
  for (const l of labels) {
    if (l.str !== undefined && l.str !== '') {
      const v = label.get(l.key);
      if (v) v.push(l.str);
      else label.set(l.key, [l.str]);
    } else if ((l.num !== undefined && l.num !== 0) || (l.numUnit !== undefined && l.numUnit !== '')) {
      const vals = numLabel.get(l.key) ?? [];
      if (l.numUnit) {
        const units = numUnit.get(l.key) ?? [];
        while (units.length < vals.length) units.push('');
        units.push(l.numUnit);
        numUnit.set(l.key, units);
      }
      vals.push(l.num ?? 0);
      numLabel.set(l.key, vals);
    }
  }
  for (const [k, units] of numUnit) {
    const n = numLabel.get(k)?.length ?? 0;
    while (units.length < n) units.push('');
  }
  return label.size === 0 && numLabel.size === 0 ? NO_LABELS : { label, numLabel, numUnit };
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
