// A Session is one loaded profile behind the web UI: the merged sources and
// the flags fluoro was started with. Every view request applies its URL
// parameters over those flags and runs the same pipeline as the command line
// (prepareReport) on a copy of the profile, so the UI shows the CLI's
// numbers. Two caches keep a 50 MB profile responsive: the prepared
// profiles of the last few settings, which the views of one setting share
// with what their reports computed from them (frame index, node values),
// and each view's JSON by view and settings, so that switching views and
// going back never recomputes.

import { AnalyzerError } from '../errors.js';
import type { FlagValues } from '../driver/flags.js';
import { configFromFlags, type Config } from '../driver/options.js';
import { prepareAgain, preparedKey, prepareReport, type Aggregated, type Prepared } from '../driver/pprof.js';
import { aggregate, copyProfile, type Granularity, type WProfile } from '@fluoro/profile';
import type { SvgRenderer } from '../report/svg.js';
import { flagsFromURL } from './params.js';

/** Session holds the profile the UI shows and caches computed views. */
export interface Session {
  profile: WProfile;
  flags: FlagValues;
  /** The source names, for the page title. */
  sources: string[];
  cache: Map<string, Promise<string>>;
  /** Prepared profiles by preparedKey, least recently used first. */
  prepared: Map<string, Prepared>;
  /** The profile aggregated to each granularity asked for, least recently used first. */
  aggregated: Map<string, Aggregated>;
  /** Graphviz, started on the first graph view (it takes about half a second). */
  svg?: Promise<SvgRenderer>;
  cacheLimit: number;
}

/** newSession wraps a loaded profile and the command-line flags. */
export function newSession(profile: WProfile, flags: FlagValues, sources: string[]): Session {
  return { profile, flags, sources, cache: new Map(), prepared: new Map(), aggregated: new Map(), cacheLimit: 24 };
}

/** PREPARED_LIMIT is how many prepared profiles a session keeps (each holds node values per frame index). */
const PREPARED_LIMIT = 8;
/** AGGREGATED_LIMIT is how many aggregated copies of the profile's locations and functions a session keeps. */
const AGGREGATED_LIMIT = 3;

// remember puts a value last in a least-recently-used map, dropping the first entries past limit.
function remember<V>(m: Map<string, V>, key: string, v: V, limit: number): V {
  m.delete(key);
  m.set(key, v);
  while (m.size > limit) m.delete(m.keys().next().value as string);
  return v;
}

// aggregatedOf is the session's profile aggregated to a granularity, made once.
function aggregatedOf(s: Session, granularity: Granularity, noInlines: boolean): Aggregated {
  const key = `${granularity}\u0000${noInlines}`;
  let agg = s.aggregated.get(key);
  if (!agg) {
    const profile = copyProfile(s.profile);
    aggregate(profile, granularity, noInlines);
    agg = { profile, frames: new Map() };
  }
  return remember(s.aggregated, key, agg, AGGREGATED_LIMIT);
}

/**
 * prepare runs pprof's pipeline for one request on a copy of the session's
 * profile, or reuses the profile prepared for a request with the same
 * settings. A view that changes its prepared profile (the source view
 * rewrites file names) asks for one of its own.
 */
export function prepare(s: Session, q: URLSearchParams, edit: (cfg: Config) => void, options: { own?: boolean } = {}): Prepared {
  const { flags, unsupported } = flagsFromURL(s.flags, q);
  const cfg = configFromFlags(flags);
  edit(cfg);
  let prepared: Prepared;
  if (options.own) {
    prepared = prepareReport(copyProfile(s.profile), cfg);
  } else {
    const key = preparedKey(cfg);
    const known = s.prepared.get(key);
    prepared = known ? prepareAgain(known, cfg) : prepareReport(s.profile, cfg, { aggregated: (g, noInlines) => aggregatedOf(s, g, noInlines) });
    remember(s.prepared, key, known ?? prepared, PREPARED_LIMIT);
  }
  return { ...prepared, warnings: [...prepared.warnings, ...unsupported.map((u) => `parameter ${u} is not supported yet`)] };
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
