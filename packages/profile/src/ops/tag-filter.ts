// Filters on sample labels (pprof's tags): profile.FilterSamplesByTag for
// -tagfocus/-tagignore and FilterTagsByName for -tagshow/-taghide. They
// change the working profile in place.

import type { WProfile, WSample } from './working-model.js';

/** TagMatch tells whether a sample's labels match a tag filter. */
export type TagMatch = (s: WSample) => boolean;

/** filterSamplesByTag keeps samples that match focus (if any) and not ignore (if any). */
export function filterSamplesByTag(p: WProfile, focus?: TagMatch, ignore?: TagMatch): { fm: boolean; im: boolean } {
  let fm = false, im = false;
  p.sample = p.sample.filter((s) => {
    const focused = focus ? focus(s) : true;
    const ignored = ignore ? ignore(s) : false;
    fm ||= focused;
    im ||= ignored;
    return focused && !ignored;
  });
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
  for (const s of p.sample) {
    // Label maps may be shared between samples: replace, never edit.
    if ([...s.label.keys()].some((k) => remove(k))) {
      s.label = new Map([...s.label].filter(([k]) => !remove(k)));
    }
    if ([...s.numLabel.keys()].some((k) => remove(k))) {
      s.numLabel = new Map([...s.numLabel].filter(([k]) => !remove(k)));
    }
  }
  return { sm, hm };
}
