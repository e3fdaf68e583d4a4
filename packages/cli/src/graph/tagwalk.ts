// The tags of a few chosen nodes, in a walk of their own. A node's tags do
// not depend on which other nodes a graph keeps (cum tags count the samples
// through the node, flat tags the samples ending in it), so the dot report
// builds its big first graph without tags and collects them here only for
// the nodes that can make the final selection: on a big profile, tags of
// every node are millions of slots, most of them trimmed right away.

import type { WProfile } from '@fluoro/profile';
import type { FrameIndex } from './graph.js';
import { TagCollector, type NodeTags, type TagOptions } from './tags.js';

/** tagsOf collects the tags of the given node numbers of a FrameIndex as graphOf would, less those lighter than min. */
export function tagsOf(
  p: WProfile,
  fi: FrameIndex,
  nodes: readonly number[],
  sampleIndex: number,
  meanIndex: number,
  o: TagOptions,
  min: number,
): Map<number, NodeTags> {
  const wanted = new Uint8Array(fi.infos.length);
  for (const n of nodes) wanted[n] = 1;
  const seen = new Int32Array(fi.infos.length);
  const { locStart, frames, single } = fi;
  const tc = new TagCollector(o);
  let stamp = 0;
  for (const s of p.sample) {
    const w = s.value[sampleIndex];
    const dw = meanIndex >= 0 ? s.value[meanIndex] : 0;
    if (w === 0 && dw === 0) continue;
    // A sample without labels adds no tags; unlabelled samples share one
    // empty map, so most of a big profile is skipped here.
    if (s.label.size === 0 && s.numLabel.size === 0) continue;
    const locs = s.locs;
    if (locs.length === 0) continue;
    stamp++;
    // Most samples miss the few wanted nodes; their labels are not looked at.
    let started = false;
    for (let i = locs.length - 1; i >= 0; i--) {
      const li = locs[i];
      // A one-line location is one pass with k = -1.
      const start = single[li] >= 0 ? -1 : locStart[li];
      for (let k = start < 0 ? -1 : locStart[li + 1] - 1; k >= start; k--) {
        const n = k < 0 ? single[li] : frames[k];
        if (wanted[n] === 0 || seen[n] === stamp) continue;
        seen[n] = stamp;
        if (!started) tc.startSample(s);
        started = true;
        tc.add(n, w, dw, false);
      }
    }
    const leaf = frames[locStart[locs[0]]];
    if (wanted[leaf] === 1) {
      if (!started) tc.startSample(s);
      tc.add(leaf, w, dw, true);
    }
  }
  return tc.nodeTags(min);
}
