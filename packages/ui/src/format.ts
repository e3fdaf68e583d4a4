// Number formatting shared with the CLI: the UI bundles the CLI's unit
// table (@fluoro/cli/units), so "1.10s" and "28.24%" read the same in both.

import { percentage, scaledLabel } from '@fluoro/cli/units';

/** formatValue prints v (in unit) the way the reports do. */
export function formatValue(v: number, unit: string, outputUnit = 'minimum'): string {
  return scaledLabel(v, unit, outputUnit);
}

/** formatPercent is pprof's percentage without its padding. */
export function formatPercent(v: number, total: number): string {
  return percentage(v, total).trim();
}
