// Sources: read each profile file (gzipped or not), decode it, and merge them
// all into the working profile, as pprof's fetchProfiles does for local files.

import { readFileSync } from 'node:fs';
import { decodeProfile, type Profile } from '@fluoro/profile';
import { merge } from '../profileops/merge.js';
import type { WProfile } from '../profileops/model.js';
import { AnalyzerError } from './errors.js';

function readSource(source: string): Profile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(source);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file or directory' : e.code === 'EISDIR' ? 'is a directory' : e.message;
    throw new AnalyzerError(`${source}: open ${source}: ${why}`, { cause: err, code: 'ERR_SOURCE' });
  }
  try {
    return decodeProfile(bytes);
  } catch (err) {
    throw new AnalyzerError(`${source}: ${(err as Error).message}`, { cause: err, code: 'ERR_SOURCE' });
  }
}

/** fetchProfiles reads and merges the sources into one working profile. */
export function fetchProfiles(sources: string[]): WProfile {
  const profiles = sources.map(readSource);
  try {
    return merge(profiles);
  } catch (err) {
    if (err instanceof AnalyzerError) {
      throw new AnalyzerError(`problem fetching source profiles: ${err.message}`, { cause: err });
    }
    throw err;
  }
}
