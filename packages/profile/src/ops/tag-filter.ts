// Filters on sample labels (pprof's tags): profile.FilterSamplesByTag for
// -tagfocus/-tagignore and FilterTagsByName for -tagshow/-taghide. They
// replace the working profile's sample columns.

import { selectSamples } from '../columns.js';
import { mapLabels, type SampleLabels } from '../sample-labels.js';
import type { WProfile } from './working-model.js';

/** TagMatch tells whether a sample's labels match a tag filter; it depends on the labels only. */
export type TagMatch = (labels: SampleLabels) => boolean;

/** filterSamplesByTag keeps samples that match focus (if any) and not ignore (if any). */
export function filterSamplesByTag(p: WProfile, focus?: TagMatch, ignore?: TagMatch): { fm: boolean; im: boolean } {
  let fm = false, im = false;
  const c = p.samples;
  // Without filters every sample stays.
  if (!focus && !ignore) return { fm: c.count > 0, im };
  const keep = new Uint8Array(c.count);
  // Samples share label sets (all unlabelled ones share one): each set is matched once.
  const verdicts = new Map<SampleLabels, number>();
  for (let i = 0; i < c.count; i++) {
    const l = c.labels[i];
    let v = verdicts.get(l);
    if (v === undefined) {
      const focused = focus ? focus(l) : true;
      const ignored = ignore ? ignore(l) : false;
      fm ||= focused;
      im ||= ignored;
      verdicts.set(l, (v = focused && !ignored ? 1 : 0));
    }
    keep[i] = v;
  }
  p.samples = selectSamples(c, { keep });
  return { fm, im };
}

/** filterTagsByName removes labels whose key does not match show (if any) or matches hide. */
export function filterTagsByName(p: WProfile, show?: RegExp, hide?: RegExp): { sm: boolean; hm: boolean } {
  let sm = false, hm = false;
  const remove = (key: string) => {
    const matchShow = !show || show.test(key);
    const matchHide = hide !== undefined && hide.test(key);
    sm ||= matchShow;
    hm ||= matchHide;
    return !matchShow || matchHide;
  };
  const labels = mapLabels(p.samples.labels, (l) => {
    let { label, numLabel } = l;
    if ([...label.keys()].some((k) => remove(k))) label = new Map([...label].filter(([k]) => !remove(k)));
    if ([...numLabel.keys()].some((k) => remove(k))) numLabel = new Map([...numLabel].filter(([k]) => !remove(k)));
    return label === l.label && numLabel === l.numLabel ? l : { ...l, label, numLabel };
  });
  p.samples = { ...p.samples, labels };
  return { sm, hm };
}
