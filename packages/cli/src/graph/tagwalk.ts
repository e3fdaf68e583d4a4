// The tags of a few chosen nodes, without building a graph. A node's tags do
// not depend on which other nodes a graph keeps (cum tags count the samples
// through the node, flat tags the samples ending in it), so the dot report
// builds its big first graph without tags and collects them here only for
// the nodes that can make the final selection: on a big profile, tags of
// every node are millions of slots, most of them trimmed right away. The
// walk is graphOf's (walk.ts), keeping only the chosen nodes.

import { hasLabels, type WProfile } from '@fluoro/profile';
import type { FrameIndex } from './frameindex.js';
import { TagCollector, type NodeTags, type TagOptions } from './tags.js';
import { SampleWalk } from './walk.js';

/** TagsOfOptions choose the nodes whose tags tagsOf collects, and the sample value. */
export interface TagsOfOptions {
  /** Node numbers of the FrameIndex. */
  nodes: readonly number[];
  sampleIndex: number;
  /** Index of the value to divide by for -mean, or -1. */
  meanIndex: number;
  tags: TagOptions;
  /** Tags lighter than this, flat and cum, are left out. */
  min: number;
}

/** tagsOf collects the tags graphOf gives the chosen nodes of a FrameIndex, less those lighter than o.min. */
export function tagsOf(p: WProfile, fi: FrameIndex, o: TagsOfOptions): Map<number, NodeTags> {
  const kept = new Uint8Array(fi.infos.length);
  for (const n of o.nodes) kept[n] = 1;
  const seen = new Int32Array(fi.infos.length);
  let stamp = 0;
  const tc = new TagCollector(o.tags);
  const walk = new SampleWalk(p, fi, { sampleIndex: o.sampleIndex, meanIndex: o.meanIndex, kept });
  while (walk.next()) {
    const labels = walk.labels;
    // A sample without labels adds no tags; unlabelled samples share one
    // label set, so most of a big profile is skipped here.
    if (!hasLabels(labels)) continue;
    const first = walk.frames();
    const { w, dw, node, end } = walk;
    // Most samples miss the few chosen nodes; their labels are not looked at.
    if (first === end) continue;
    stamp++;
    tc.startSample(labels);
    for (let i = first; i < end; i++) {
      const n = node[i];
      if (seen[n] === stamp) continue;
      seen[n] = stamp;
      tc.add(n, w, dw, false);
    }
    if (walk.leaf >= 0) tc.add(walk.leaf, w, dw, true);
  }
  return tc.nodeTags(o.min);
}
