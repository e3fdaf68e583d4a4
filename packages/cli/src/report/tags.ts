// -tags: for each label key, the share of the total per value (pprof's
// printTags), aligned with Go's tabwriter.

import { formatFixed } from '../measurement/gofmt.js';
import { percentage, scale, scaledLabel } from '../measurement/units.js';
import type { Report } from './report.js';
import { tabwrite, type TabwriterOptions } from '@fluoro/profile';

// pprof's printTags: tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight).
const TAGS_TABS: TabwriterOptions = { minWidth: 0, tabWidth: 0, padding: 1, padChar: ' ', alignRight: true };

interface Tag {
  name: string;
  flat: number;
}

function sortTags(tags: Tag[]): Tag[] {
  return tags.sort((a, b) => Math.abs(b.flat) - Math.abs(a.flat) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** formatTags prints the -tags report. */
export function formatTags(rpt: Report): string {
  const o = rpt.options;
  const tagMap = new Map<string, Map<string, number>>();
  const add = (key: string, val: string, v: number) => {
    let m = tagMap.get(key);
    if (!m) tagMap.set(key, (m = new Map()));
    m.set(val, (m.get(val) ?? 0) + v);
  };
  const { count, width, values, labels } = rpt.prof.samples;
  for (let i = 0; i < count; i++) {
    const s = labels[i];
    const v = values[i * width + o.sampleIndex];
    for (const [key, vals] of s.label) for (const val of vals) add(key, val, v);
    for (const [key, vals] of s.numLabel) {
      const unit = o.numLabelUnits.get(key) ?? '';
      for (const n of vals) add(key, scaledLabel(n, unit, o.outputUnit), v);
    }
  }
  let text = '';
  const fmt = (v: number) => {
    const [f, u] = scale(v, o.sampleUnit, o.outputUnit);
    return formatFixed(f, 1) + u;
  };
  for (const key of [...tagMap.keys()].sort()) {
    const values = tagMap.get(key)!;
    let total = 0;
    const tags: Tag[] = [];
    for (const [name, flat] of values) {
      total += flat;
      tags.push({ name, flat });
    }
    text += `${key}:\t Total ${fmt(total)}\n`;
    for (const t of sortTags(tags)) {
      if (total > 0) text += ` \t${fmt(t.flat)} (${percentage(t.flat, total)}):\t ${t.name}\n`;
      else text += ` \t${fmt(t.flat)}:\t ${t.name}\n`;
    }
    text += '\n';
  }
  return tabwrite(text, TAGS_TABS);
}
