// A Session is one loaded profile behind the web UI: the merged sources and
// the flags fluoro was started with. Every view request copies the profile,
// applies its URL parameters over those flags and runs the same pipeline as
// the command line (prepareReport), so the UI shows the CLI's numbers.
// Results are kept in a small cache keyed by view and settings: switching
// views and going back never recomputes, which matters on 50 MB profiles.

import { AnalyzerError } from '../errors.js';
import type { FlagValues } from '../driver/flags.js';
import { configFromFlags, type Config } from '../driver/options.js';
import { prepareReport, type Prepared } from '../driver/pprof.js';
import type { WProfile } from '@fluoro/profile';
import { cloneProfile } from './clone.js';
import type { SvgRenderer } from '../report/svg.js';
import { flagsFromURL } from './params.js';

/** Session holds the profile the UI shows and caches computed views. */
export interface Session {
  profile: WProfile;
  flags: FlagValues;
  /** The source names, for the page title. */
  sources: string[];
  cache: Map<string, Promise<string>>;
  /** Graphviz, started on the first graph view (it takes about half a second). */
  svg?: Promise<SvgRenderer>;
  cacheLimit: number;
}

/** newSession wraps a loaded profile and the command-line flags. */
export function newSession(profile: WProfile, flags: FlagValues, sources: string[]): Session {
  return { profile, flags, sources, cache: new Map(), cacheLimit: 24 };
}

/** prepare runs pprof's pipeline on a copy of the session's profile for one request. */
export function prepare(s: Session, q: URLSearchParams, edit: (cfg: Config) => void): Prepared {
  const { flags, unsupported } = flagsFromURL(s.flags, q);
  const cfg = configFromFlags(flags);
  edit(cfg);
  const prepared = prepareReport(cloneProfile(s.profile), cfg);
  for (const u of unsupported) prepared.warnings.push(`parameter ${u} is not supported yet`);
  return prepared;
}

/**
 * cached returns the JSON of a view, computing it once per view and
 * settings; concurrent requests for the same view share one computation.
 * Only parameters that change a view's result are in the key.
 */
export function cached(s: Session, view: string, q: URLSearchParams, keys: string[], compute: () => unknown): Promise<string> {
  const parts = [view];
  for (const k of keys) {
    const v = q.get(k);
    if (v !== null && v !== '') parts.push(`${k}=${v}`);
  }
  const key = parts.join('\u0000');
  const hit = s.cache.get(key);
  if (hit !== undefined) {
    // Re-insert so that Map order is least recently used first.
    s.cache.delete(key);
    s.cache.set(key, hit);
    return hit;
  }
  let json: Promise<string>;
  try {
    const v = compute();
    json = v instanceof Promise ? v.then((x) => JSON.stringify(x)) : Promise.resolve(JSON.stringify(v));
  } catch (err) {
    return Promise.reject(err);
  }
  // A failed view is not kept: the next request tries again.
  json.catch(() => s.cache.delete(key));
  s.cache.set(key, json);
  while (s.cache.size > s.cacheLimit) s.cache.delete(s.cache.keys().next().value as string);
  return json;
}

/** requireParam returns a query parameter that a view cannot do without. */
export function requireParam(q: URLSearchParams, name: string, what: string): string {
  const v = q.get(name);
  if (v === null || v === '') throw new AnalyzerError(`missing parameter ${name} (${what})`, { code: 'ERR_PARAM' });
  return v;
}
