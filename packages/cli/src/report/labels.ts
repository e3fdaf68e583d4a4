// Header lines of a report: pprof's ProfileLabels ("File:", "Build ID:",
// comments, "Type:", "Time:", "Duration: ..., Total samples = ...") and
// reportLabels ("Active filters:", "Showing nodes accounting for ...",
// "Dropped N nodes (cum <= X)", "Showing top N nodes out of M").

import { posix } from 'node:path';
import { headerTime } from '../measurement/gotime.js';
import { label, percentage, scale } from '../measurement/units.js';
import type { Graph } from '../graph/graph.js';
import { flatValue } from '../graph/graph.js';
import { formatValue, type Report } from './report.js';

/** profileLabels are the lines every report starts with. */
export function profileLabels(rpt: Report): string[] {
  const out: string[] = [];
  const p = rpt.prof;
  const o = rpt.options;
  if (p.mapping.length > 0) {
    if (p.mapping[0].filename !== '') out.push('File: ' + posix.basename(p.mapping[0].filename));
    if (p.mapping[0].buildId !== '') out.push('Build ID: ' + p.mapping[0].buildId);
  }
  for (const c of p.comment) if (!c.startsWith('#')) out.push(c);
  if (o.sampleType !== '') out.push('Type: ' + o.sampleType);
  if (p.timeNanos !== 0n) out.push('Time: ' + headerTime(Number(p.timeNanos)));
  if (p.durationNanos !== 0) {
    const duration = label(p.durationNanos, 'nanoseconds');
    const [totalNanos, totalUnit] = scale(rpt.total, o.sampleUnit, 'nanoseconds');
    let ratio = '';
    if (totalUnit === 'ns' && totalNanos !== 0) {
      ratio = '(' + percentage(Math.trunc(totalNanos), p.durationNanos) + ')';
    }
    out.push(`Duration: ${duration}, Total samples = ${formatValue(rpt, rpt.total)} ${ratio}`);
  }
  return out;
}

function genLabel(d: number, n: string, l: string, f: string): string {
  return `Dropped ${d} ${d > 1 ? n + 's' : n} (${l} <= ${f})`;
}

/** reportLabels are the header lines of a graph-based report such as -top. */
export function reportLabels(rpt: Report, g: Graph, origCount: number, droppedNodes: number, droppedEdges: number, fullHeaders = false): string[] {
  const o = rpt.options;
  const out = fullHeaders || !o.compactLabels ? profileLabels(rpt) : [];
  let flatSum = 0;
  for (const n of g.nodes) flatSum += flatValue(n);
  if (o.activeFilters.length > 0) {
    out.push('Active filters:');
    for (let s of o.activeFilters) {
      if ([...s].length > 80) s = [...s].slice(0, 80).join('') + '…';
      out.push('   ' + s);
    }
  }
  out.push(`Showing nodes accounting for ${formatValue(rpt, flatSum)}, ${percentage(flatSum, rpt.total).trim()} of ${formatValue(rpt, rpt.total)} total`);
  if (rpt.total !== 0) {
    if (droppedNodes > 0) {
      out.push(genLabel(droppedNodes, 'node', 'cum', formatValue(rpt, Math.abs(Math.trunc(rpt.total * o.nodeFraction)))));
    }
    if (droppedEdges > 0) {
      out.push(genLabel(droppedEdges, 'edge', 'freq', formatValue(rpt, Math.abs(Math.trunc(rpt.total * o.edgeFraction)))));
    }
    if (g.nodes.length > 0 && g.nodes.length < origCount) {
      out.push(`Showing top ${g.nodes.length} nodes out of ${origCount}`);
    }
  }
  return out;
}
