// -traces: every sample's stack, leaf first, with its labels and value,
// between pprof's separator lines (pprof's printTraces).

import { label as unitLabel } from '../measurement/units.js';
import { nodeInfoForFrame } from '../graph/frames.js';
import { printableName } from '../graph/nodeinfo.js';
import { padLeft } from '../measurement/gofmt.js';
import { profileLabels } from './labels.js';
import { formatValue, type Report } from './report.js';

const SEPARATOR = '-----------+-------------------------------------------------------';

/** formatTraces prints the -traces report. */
export function formatTraces(rpt: Report): string {
  const o = rpt.options;
  let s = profileLabels(rpt).join('\n') + '\n';
  const { count, width, values, start, end, frames, labels: sampleLabels } = rpt.prof.samples;
  for (let si = 0; si < count; si++) {
    const sample = sampleLabels[si];
    const stack: { name: string; inline: boolean }[] = [];
    for (let k = start[si]; k < end[si]; k++) {
      const names = nodeInfoForFrame(rpt.prof.location[frames[k]]).map(printableName);
      names.forEach((name, i) => stack.push({ name, inline: i !== names.length - 1 }));
    }
    if (stack.length === 0) continue;
    s += SEPARATOR + '\n';
    const labels = [...sample.label].map(([k, vs]) => `${padLeft(k, 10)}:  ${vs.join(' ')}\n`).sort();
    s += labels.join('');
    const nums = [...sample.numLabel]
      .map(([k, vs]) => {
        const unit = o.numLabelUnits.get(k) ?? '';
        return `${padLeft(k, 10)}:  ${vs.map((v) => unitLabel(v, unit)).join(' ')}\n`;
      })
      .sort();
    s += nums.join('');
    let v = values[si * width + o.sampleIndex];
    const d = o.meanIndex >= 0 ? values[si * width + o.meanIndex] : 0;
    if (d !== 0) v = Math.trunc(v / d);
    stack.forEach((f, i) => {
      s += `${padLeft(i === 0 ? formatValue(rpt, v) : '', 10)}   ${f.name}${f.inline ? ' (inline)' : ''}\n`;
    });
  }
  return s + SEPARATOR + '\n';
}
