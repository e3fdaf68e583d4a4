// What the flame graph's tooltip says about a frame: its cum and flat with
// their share of the report total (and of the zoomed frame), or in diff
// mode its change, new and base values.

import { formatPercent, formatValue } from '../format.js';
import type { FlameModel } from './model.js';

/** Units are the report's units and total. */
export interface Units {
  sampleUnit: string;
  outputUnit: string;
  total: number;
}

/** tooltipRows lists label and value pairs for node, zoomed into zoom. */
export function tooltipRows(m: FlameModel, node: number, zoom: number, o: Units): [string, string][] {
  const { sampleUnit: u, outputUnit: ou, total } = o;
  const { cum: cums, self: selfs, delta } = m.data;
  const cum = cums[node];
  if (m.diff) {
    // A diff node's width is new + base; delta is new - base.
    const d = delta![node];
    const sign = d > 0 ? '+' : '';
    return [
      ['Change', `${sign}${formatValue(d, u, ou)} (${sign}${formatPercent(d, total)} of base total)`],
      ['New', formatValue((cum + d) / 2, u, ou)],
      ['Base', formatValue((cum - d) / 2, u, ou)],
    ];
  }
  const rows: [string, string][] = [
    ['Total', `${formatValue(cum, u, ou)} (${formatPercent(cum, total)})`],
    ['Self', `${formatValue(selfs[node], u, ou)} (${formatPercent(selfs[node], total)})`],
  ];
  if (zoom !== 0) rows.push(['Of zoomed', formatPercent(cum, cums[zoom])]);
  return rows;
}
