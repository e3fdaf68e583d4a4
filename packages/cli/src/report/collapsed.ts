// -collapsed: Brendan Gregg's folded stacks, "root;caller;leaf value", one
// line per distinct stack, sorted. Frames are named as -traces names them
// (inlined frames are separate frames); zero-valued stacks are left out.

import { nodeInfoForFrame } from '../graph/frames.js';
import { printableName } from '../graph/nodeinfo.js';
import type { Report } from './report.js';

/** formatCollapsed prints the -collapsed report. */
export function formatCollapsed(rpt: Report): string {
  const o = rpt.options;
  const names = new Map<object, string[]>();
  const stacks = new Map<string, number>();
  const { count, width, values, start, end, frames: locs } = rpt.prof.samples;
  for (let s = 0; s < count; s++) {
    let v = values[s * width + o.sampleIndex];
    const d = o.meanIndex >= 0 ? values[s * width + o.meanIndex] : 0;
    if (d !== 0) v = Math.trunc(v / d);
    if (v === 0) continue;
    const frames: string[] = [];
    for (let i = end[s] - 1; i >= start[s]; i--) {
      const loc = rpt.prof.location[locs[i]];
      let n = names.get(loc);
      if (!n) names.set(loc, (n = nodeInfoForFrame(loc).map(printableName).reverse()));
      frames.push(...n);
    }
    if (frames.length === 0) continue;
    const key = frames.join(';');
    stacks.set(key, (stacks.get(key) ?? 0) + v);
  }
  return [...stacks.keys()].sort().map((k) => `${k} ${stacks.get(k)}\n`).join('');
}
