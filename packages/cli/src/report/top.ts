// The -top/-text report, split as pprof splits it: topRows computes the rows
// (pprof's TextItems) and formatTop prints them (printText). pprof's
// TextItems also leaves the unit it chose for -unit=minimum on the report's
// options; topRows returns it instead and leaves the report as it was.

import { cumValue, flatValue, type Graph } from '../graph/graph.js';
import { padLeft } from '../measurement/gofmt.js';
import { percentage, scale } from '../measurement/units.js';
import { reportLabels } from './labels.js';
import { formatValue, withOutputUnit, type Report } from './report.js';
import { trimmedGraph } from './trim.js';

/** TopRow is one line of the -top report. */
export interface TopRow {
  name: string;
  /** "", "(inline)" or "(partial-inline)". */
  inlineLabel: string;
  flat: number;
  cum: number;
  flatFormat: string;
  cumFormat: string;
}

/** TopReport is the rows of -top with its header lines and total. */
export interface TopReport {
  labels: string[];
  rows: TopRow[];
  total: number;
}

/** selectOutputUnit is the unit a report on g prints in: for -unit=minimum, one that fits the smallest and largest values shown. */
export function selectOutputUnit(rpt: Report, g: Graph): string {
  const o = rpt.options;
  if (o.outputUnit !== 'minimum' || g.nodes.length === 0) return o.outputUnit;
  let minValue = 0;
  for (const n of g.nodes) {
    let nodeMin = Math.abs(flatValue(n));
    if (nodeMin === 0) nodeMin = Math.abs(cumValue(n));
    if (nodeMin > 0 && (minValue === 0 || nodeMin < minValue)) minValue = nodeMin;
  }
  let maxValue = rpt.total;
  if (minValue === 0) minValue = maxValue;
  const r = o.ratio;
  if (r > 0 && r !== 1) {
    minValue = Math.trunc(minValue * r);
    maxValue = Math.trunc(maxValue * r);
  }
  const [, minUnit] = scale(minValue, o.sampleUnit, 'minimum');
  const [, maxUnit] = scale(maxValue, o.sampleUnit, 'minimum');
  let unit = minUnit;
  if (minUnit !== maxUnit && minValue * 100 < maxValue) {
    [, unit] = scale(100 * minValue, o.sampleUnit, 'minimum');
  }
  return unit !== '' ? unit : o.sampleUnit;
}

/** TopResult is the -top report with the unit its values are printed in. */
export interface TopResult extends TopReport {
  /** The -unit given, or the unit chosen for -unit=minimum. */
  outputUnit: string;
}

/** topRows computes the -top report: trimmed, sorted nodes as rows. */
export function topRows(report: Report): TopResult {
  const { graph: g, origCount, droppedNodes } = trimmedGraph(report);
  const outputUnit = selectOutputUnit(report, g);
  const rpt = withOutputUnit(report, outputUnit);
  const labels = reportLabels(rpt, g, origCount, droppedNodes, 0);
  const rows: TopRow[] = [];
  for (const n of g.nodes) {
    let inline = false;
    let noinline = false;
    for (const e of n.in.values()) {
      if (e.inline) inline = true;
      else noinline = true;
    }
    const flat = flatValue(n);
    const cum = cumValue(n);
    rows.push({
      name: n.name,
      inlineLabel: inline ? (noinline ? '(partial-inline)' : '(inline)') : '',
      flat,
      cum,
      flatFormat: formatValue(rpt, flat),
      cumFormat: formatValue(rpt, cum),
    });
  }
  return { labels, rows, total: rpt.total, outputUnit };
}

/** formatTop prints -top rows with pprof's columns. */
export function formatTop(top: TopReport): string {
  let s = top.labels.join('\n') + '\n';
  s += `${padLeft('flat', 10)} ${padLeft('flat', 5)}% ${padLeft('sum', 5)}% ${padLeft('cum', 10)} ${padLeft('cum', 5)}%\n`;
  let flatSum = 0;
  for (const r of top.rows) {
    flatSum += r.flat;
    const inl = r.inlineLabel !== '' ? ' ' + r.inlineLabel : '';
    s += `${padLeft(r.flatFormat, 10)} ${percentage(r.flat, top.total)} ${percentage(flatSum, top.total)} ` +
      `${padLeft(r.cumFormat, 10)} ${percentage(r.cum, top.total)}  ${r.name}${inl}\n`;
  }
  return s;
}
