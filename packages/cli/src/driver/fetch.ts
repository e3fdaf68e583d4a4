// Sources: read each profile file (gzipped or not), decode it, and merge them
// all into the working profile, as pprof's fetchProfiles does for local files.

import { readFileSync } from 'node:fs';
import type { Mapping, Profile } from '@fluoro/profile';
import { loadProfile, type LoadedProfile } from '../profileops/load.js';
import { merge } from '../profileops/merge.js';
import type { WProfile } from '../profileops/model.js';
import { AnalyzerError } from './errors.js';

function readSource(source: string): LoadedProfile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(source);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file or directory' : e.code === 'EISDIR' ? 'is a directory' : e.message;
    throw new AnalyzerError(`${source}: open ${source}: ${why}`, { cause: err, code: 'ERR_SOURCE' });
  }
  let p: LoadedProfile;
  try {
    p = loadProfile(bytes);
  } catch (err) {
    throw new AnalyzerError(`${source}: ${(err as Error).message}`, { cause: err, code: 'ERR_SOURCE' });
  }
  addFakeMapping(p.profile);
  return p;
}

// Like pprof's locateBinaries: a profile without mappings (Go's runtime and
// ours write none for scripts) gets an empty mapping 1 that every location
// uses. It shows in -raw as "M=1" and "1: 0x0/0x0/0x0".
function addFakeMapping(p: Profile): void {
  if (p.mapping.length > 0) return;
  const m: Mapping = {
    id: 1,
    memoryStart: 0n,
    memoryLimit: 0n,
    fileOffset: 0n,
    filename: '',
    buildId: '',
    hasFunctions: false,
    hasFilenames: false,
    hasLineNumbers: false,
    hasInlineFrames: false,
  };
  p.mapping = [m];
  for (const l of p.location) l.mapping = m;
}

/** symbolizeWarnings are the lines pprof's symbolizer prints for a profile it cannot symbolize. */
export function symbolizeWarnings(p: WProfile): string[] {
  const used = new Set(p.location.map((l) => l.mapping));
  const m = p.mapping[0];
  if (m && used.has(m) && !(m.hasFunctions || m.hasFilenames || m.hasLineNumbers) && m.filename === '') {
    return ['Main binary filename not available.'];
  }
  return [];
}

/** fetchProfiles reads and merges the sources into one working profile. */
export function fetchProfiles(sources: string[]): WProfile {
  // One at a time: a source's buffers are garbage before the next is read.
  const profiles: LoadedProfile[] = [];
  for (const s of sources) profiles.push(readSource(s));
  try {
    return merge(profiles);
  } catch (err) {
    if (err instanceof AnalyzerError) {
      throw new AnalyzerError(`problem fetching source profiles: ${err.message}`, { cause: err });
    }
    throw err;
  }
}
