// What the reports drawn from the call graph share when they are computed
// from one prepared profile: its FrameIndex and its node values. The
// command line computes one report per prepared profile; the web UI computes
// the flame graph, the top table and the graph from one, and each of these
// took a walk over every frame of a big profile to redo.

import type { ProfileFunction } from '@fluoro/profile';
import { frameIndex, type FrameIndex } from '../graph/frameindex.js';
import { nodeValues, type NodeValues } from '../graph/graph.js';
import type { Report } from './report.js';
import { sourcePathTrimmer } from './sourcefile.js';

/** FrameIndexes are the frame indexes of one set of locations, by how they were made. */
export type FrameIndexes = Map<string, FrameIndex>;

/**
 * ReportCache holds the FrameIndexes and node values made for one prepared
 * profile. Its frame indexes may be shared with other profiles that have
 * the same locations (aggregated locations a web session keeps).
 */
export class ReportCache {
  readonly values = new Map<FrameIndex, Map<string, NodeValues>>();
  constructor(readonly frames: FrameIndexes = new Map()) {}
}

/**
 * reportFrames is the FrameIndex of a report's profile, made once per
 * prepared profile. With rpt.trimSources, file names are trimmed as pprof's
 * newGraph trims them (-trim_path, or a guess from -source_path); the
 * untrimmed index serves when trimming changes no name.
 */
export function reportFrames(rpt: Report, objNames: boolean): FrameIndex {
  const { trimPath, sourcePath } = rpt.options;
  const trim = sourcePathTrimmer(trimPath, sourcePath);
  const trimmed = (f: ProfileFunction) => trim(f.filename);
  const trims = rpt.trimSources === true && rpt.prof.function.some((f) => trimmed(f) !== f.filename);
  const key = trims ? `${objNames}\u0000${trimPath}\u0000${sourcePath}` : String(objNames);
  let fi = rpt.cache.frames.get(key);
  if (!fi) {
    fi = frameIndex(rpt.prof, { objNames, fileOf: trims ? trimmed : undefined });
    rpt.cache.frames.set(key, fi);
  }
  return fi;
}

/** reportValues are the node values of a FrameIndex of the report's profile for the report's sample value, computed once. */
export function reportValues(rpt: Report, fi: FrameIndex): NodeValues {
  const { sampleIndex, meanIndex } = rpt.options;
  let byValue = rpt.cache.values.get(fi);
  if (!byValue) rpt.cache.values.set(fi, (byValue = new Map()));
  const key = `${sampleIndex},${meanIndex}`;
  let v = byValue.get(key);
  if (!v) byValue.set(key, (v = nodeValues(rpt.prof, fi, { sampleIndex, meanIndex })));
  return v;
}
