// The -tagfocus/-tagignore syntax, as pprof's compileTagFilter reads it:
// an optional "key=" prefix, then either a numeric range ("32kb", "64kb:",
// ":1mb", "1kb:10kb", compared after converting the label's value into the
// range's unit) or comma-separated regexps (all must match some "key:value"
// without a key; any must match a value of the key with one).

import { scale } from '../measurement/units.js';
import type { SampleLabels, TagMatch } from '@fluoro/profile';
import { compileRegexp } from './regexp.js';

type NumFilter = (v: number, unit: string) => boolean;

const RANGE_RX = /([+-]?[0-9]+)([a-zA-Z]+)?/g;

// parseTagFilterRange reads a numeric range filter, or returns undefined when the value is not one.
function parseTagFilterRange(filter: string): NumFilter | undefined {
  const ranges = [...filter.matchAll(RANGE_RX)].slice(0, 2);
  if (ranges.length === 0) return undefined;
  const [sv1, unit] = scale(Number(ranges[0][1]), ranges[0][2] ?? '', ranges[0][2] ?? '');
  const at = (v: number, u: string): number | undefined => {
    const [sv, su] = scale(v, u, unit);
    return su === unit ? sv : undefined;
  };
  if (ranges.length === 1) {
    const match = ranges[0][0];
    if (filter === match) return (v, u) => at(v, u) === sv1;
    if (filter === match + ':') return (v, u) => (at(v, u) ?? -Infinity) >= sv1;
    if (filter === ':' + match) return (v, u) => (at(v, u) ?? Infinity) <= sv1;
    return undefined;
  }
  if (filter !== ranges[0][0] + ':' + ranges[1][0]) return undefined;
  const [sv2, unit2] = scale(Number(ranges[1][1]), ranges[1][2] ?? '', unit);
  if (unit2 !== unit) return undefined;
  return (v, u) => {
    const sv = at(v, u);
    return sv !== undefined && sv >= sv1 && sv <= sv2;
  };
}

/**
 * compileTagFilter compiles a -tagfocus or -tagignore value, or returns
 * undefined for "". A numeric range is announced on warn, as pprof does.
 */
export function compileTagFilter(name: string, value: string, numLabelUnits: Map<string, string>, warn: (line: string) => void): TagMatch | undefined {
  if (value === '') return undefined;
  let wantKey = '';
  const eq = value.indexOf('=');
  if (eq >= 0) {
    wantKey = value.slice(0, eq);
    value = value.slice(eq + 1);
  }
  const num = parseTagFilterRange(value);
  if (num) {
    warn(`${name}:Interpreted '${value}' as range, not regexp`);
    const anyOf = (vals: number[], key: string) => vals.some((v) => num(v, numLabelUnits.get(key) ?? ''));
    if (wantKey === '') return (s: SampleLabels) => [...s.numLabel].some(([k, vals]) => anyOf(vals, k));
    return (s: SampleLabels) => {
      const vals = s.numLabel.get(wantKey);
      return vals !== undefined && anyOf(vals, wantKey);
    };
  }
  const rxs = value.split(',').map((v) => compileRegexp(name, v));
  if (wantKey === '') {
    return (s: SampleLabels) =>
      rxs.every((rx) => [...s.label].some(([k, vals]) => vals.some((v) => rx.test(k + ':' + v))));
  }
  return (s: SampleLabels) => {
    const vals = s.label.get(wantKey);
    return vals !== undefined && rxs.some((rx) => vals.some((v) => rx.test(v)));
  };
}
