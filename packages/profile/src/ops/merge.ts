// Merge is pprof's profile.Merge: it combines profiles with the same sample
// types into one, deduplicating mappings, locations, functions and samples
// (same stack and labels add up), dropping all-zero samples and renumbering
// ids in order of first use. pprof merges even a single source, so its -raw
// output and report order are those of the merged profile; ours must be too.
// Samples whose values sum to zero (a base cancelled them) are merged away
// by a second merge, as Go's Merge does, so that their locations go too.

import { newColumns, type LoadedProfile, type SampleColumns } from '../columns.js';
import type { Mapping, ProfileFunction } from '../model.js';
import { labelsKey } from '../sample-labels.js';
import { compatible } from './compatible.js';
import { loadedOf } from './convert.js';
import { LocationTable } from './location-table.js';
import type { WProfile } from './working-model.js';

const U64 = (1n << 64n) - 1n;

interface MapInfo {
  m: Mapping;
  offset: bigint;
}

function mappingKey(m: Mapping): string {
  let size = m.memoryLimit - m.memoryStart;
  size = (size + 0xfffn) & U64;
  size -= size % 0x1000n;
  return `${size}|${m.fileOffset}|${m.buildId !== '' ? m.buildId : m.filename}`;
}

// stackHash hashes a stack of merged location indexes. Samples are
// deduplicated by this number first and compared exactly only when it
// matches: building Go's string key per sample cost more than decoding.
function stackHash(frames: Int32Array, from: number, to: number): number {
  let h = 0x811c9dc5 ^ (to - from);
  for (let i = from; i < to; i++) h = Math.imul(h ^ frames[i], 0x01000193);
  return h;
}

function sameStack(frames: Int32Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (; a < aEnd; a++, b++) if (frames[a] !== frames[b]) return false;
  return true;
}

function isZero(values: Float64Array, i: number, width: number): boolean {
  for (let j = i * width; j < (i + 1) * width; j++) if (values[j] !== 0) return false;
  return true;
}

function hasZeroSample(c: SampleColumns): boolean {
  for (let i = 0; i < c.count; i++) if (isZero(c.values, i, c.width)) return true;
  return false;
}

/**
 * merge combines profiles as pprof's profile.Merge does. It consumes its
 * sources: a single source's frame column is rewritten in place to merged
 * location indexes and becomes the merged profile's (a big profile's stacks
 * are most of its memory), so the sources must not be used afterwards.
 * Mappings, locations and functions are new objects; label sets are shared
 * (they are read-only). It throws a ProfileError (ERR_PROFILE_INCOMPATIBLE)
 * for profiles of different types.
 */
export function merge(loaded: LoadedProfile[]): WProfile {
  if (loaded.length === 0) throw new TypeError('merge: no profiles to merge');
  const p = mergeOnce(loaded);
  return hasZeroSample(p.samples) ? mergeOnce([loadedOf(p)]) : p;
}

function mergeOnce(loaded: LoadedProfile[]): WProfile {
  const srcs = loaded.map((l) => l.profile);
  for (const s of srcs.slice(1)) compatible(srcs[0], s);
  let timeNanos = 0n;
  let durationNanos = 0;
  let period = 0;
  const comments: string[] = [];
  let defaultSampleType = '';
  for (const s of srcs) {
    const t = s.timeNanosExact ?? BigInt(s.timeNanos);
    if (timeNanos === 0n || t < timeNanos) timeNanos = t;
    durationNanos += s.durationNanos;
    if (period === 0 || period < s.period) period = s.period;
    for (const c of s.comment) if (!comments.includes(c)) comments.push(c);
    if (defaultSampleType === '') defaultSampleType = s.defaultSampleType;
  }
  const p: WProfile = {
    sampleType: srcs[0].sampleType.map((t) => ({ ...t })),
    samples: newColumns(0, srcs[0].sampleType.length, 0),
    mapping: [],
    location: [],
    function: [],
    dropFrames: srcs[0].dropFrames,
    keepFrames: srcs[0].keepFrames,
    timeNanos,
    durationNanos,
    periodType: srcs[0].periodType ? { ...srcs[0].periodType } : undefined,
    period,
    comment: comments,
    defaultSampleType,
  };
  // Source location index -> 1 + index of its merged location, 0 while unused.
  let locations = 0;
  for (const l of loaded) locations += l.profile.location.length;
  const known: MergedObjects = { locations: new LocationTable(locations), functions: new Map(), mappings: new Map() };
  const locMaps = loaded.map((l) => mapLocations(p, known, l));
  const frames = mergedFrames(loaded, locMaps);
  p.samples = mergeSamples(loaded, frames);
  return p;
}

// Merged mappings, functions and locations, deduplicated by Go's keys
// across all sources.
interface MergedObjects {
  locations: LocationTable;
  functions: Map<string, ProfileFunction>;
  mappings: Map<string, Mapping>;
}

/**
 * mapLocations gives the locations of one source's samples their merged
 * locations, in order of first use by a sample with a value, as Go's Merge
 * numbers them, and returns the source's location map (1 + merged index, 0
 * for a location no such sample uses).
 */
function mapLocations(p: WProfile, known: MergedObjects, { profile: src, samples, exclusive }: LoadedProfile): Int32Array {
  const { locations, functions, mappings } = known;
  // A source's own objects become the merged ones (with new ids and
  // references); a big profile's locations would otherwise be made twice.
  const own = <T extends object>(o: T): T => (exclusive ? o : { ...o });
  const locMap = new Int32Array(src.location.length);
  const fnById = new Map<ProfileFunction, ProfileFunction>();
  const mapById = new Map<Mapping, MapInfo>();

  const mapMapping = (m: Mapping | undefined): MapInfo | undefined => {
    if (!m) return undefined;
    const seen = mapById.get(m);
    if (seen) return seen;
    const key = mappingKey(m);
    const existing = mappings.get(key);
    if (existing) {
      const mi = { m: existing, offset: existing.memoryStart - m.memoryStart };
      mapById.set(m, mi);
      return mi;
    }
    const nm = own(m);
    nm.id = p.mapping.length + 1;
    p.mapping.push(nm);
    mappings.set(key, nm);
    const mi = { m: nm, offset: 0n };
    mapById.set(m, mi);
    return mi;
  };

  const mapFunction = (f: ProfileFunction): ProfileFunction => {
    const seen = fnById.get(f);
    if (seen) return seen;
    const key = `${f.startLine}\u0000${f.name}\u0000${f.systemName}\u0000${f.filename}`;
    const existing = functions.get(key);
    if (existing) {
      fnById.set(f, existing);
      return existing;
    }
    const nf = own(f);
    nf.id = p.function.length + 1;
    functions.set(key, nf);
    fnById.set(f, nf);
    p.function.push(nf);
    return nf;
  };

  const mapLocation = (li: number): void => {
    const l = src.location[li];
    const mi = mapMapping(l.mapping);
    const nl = own(l);
    nl.id = p.location.length + 1;
    nl.mapping = mi?.m;
    // Addresses are uint64 already; only a shifted mapping moves them.
    if (mi && mi.offset !== 0n) nl.address = (l.address + mi.offset) & U64;
    if (!exclusive) nl.line = l.line.map((ln) => own(ln));
    for (const ln of nl.line) ln.function = mapFunction(ln.function);
    const rel = nl.mapping && nl.mapping.memoryStart !== 0n ? (nl.address - nl.mapping.memoryStart) & U64 : nl.address;
    const merged = locations.intern(nl, rel);
    if (merged === nl) p.location.push(nl);
    locMap[li] = merged.id;
  };

  if (mappings.size === 0 && src.mapping.length > 0) mapMapping(src.mapping[0]);
  for (const li of firstUse(samples, src.location.length)) mapLocation(li);
  return locMap;
}

// firstUse lists the locations the samples with a value use, in order of
// first use. It is a loop of its own, apart from mapLocation, because it
// runs over every frame of the profile.
function firstUse(samples: SampleColumns, locations: number): Int32Array {
  const { count, width, start, end, frames, values } = samples;
  const seen = new Uint8Array(locations);
  const order = new Int32Array(locations);
  let n = 0;
  for (let si = 0; si < count; si++) {
    if (isZero(values, si, width)) continue;
    for (let k = start[si]; k < end[si]; k++) {
      const li = frames[k];
      if (seen[li] === 0) {
        seen[li] = 1;
        order[n++] = li;
      }
    }
  }
  return order.subarray(0, n);
}

/**
 * mergedFrames is the frame column of the merged samples: a single
 * source's own column rewritten in place, or the sources' columns one
 * after another, each through its location map. Every entry is rewritten
 * exactly once, whatever the samples' ranges; entries no sample with a
 * value uses become -1.
 */
function mergedFrames(loaded: LoadedProfile[], locMaps: Int32Array[]): Int32Array {
  let size = 0;
  for (const l of loaded) size += l.samples.frames.length;
  const out = loaded.length === 1 ? loaded[0].samples.frames : new Int32Array(size);
  let at = 0;
  loaded.forEach((l, k) => {
    const src = l.samples.frames;
    const locMap = locMaps[k];
    for (let i = 0; i < src.length; i++) {
      const li = src[i];
      out[at + i] = li >= 0 ? locMap[li] - 1 : -1;
    }
    at += src.length;
  });
  return out;
}

/**
 * mergeSamples makes the merged samples over the merged frame column:
 * samples with a value, in order, those with the same stack and labels as
 * an earlier one added to it.
 */
function mergeSamples(loaded: LoadedProfile[], frames: Int32Array): SampleColumns {
  const width = loaded[0].samples.width;
  let total = 0;
  for (const l of loaded) total += l.samples.count;
  const out = newColumns(total, width, 0);
  out.frames = frames;
  const { start: outStart, end: outEnd, values: outValues, labels: outLabels } = out;
  // Open addressing over the merged samples: slot -> sample number, or -1.
  // Sized for every source sample, so it never grows. hashes[n] and
  // labelKeys[n] belong to merged sample n.
  let size = 1024;
  while (size < 2 * total) size *= 2;
  const slots = new Int32Array(size).fill(-1);
  const hashes = new Int32Array(total);
  const labelKeys: string[] = [];
  let n = 0;
  let offset = 0;
  for (const { samples: src } of loaded) {
    const { count, start, end, values, labels } = src;
    for (let si = 0; si < count; si++) {
      if (isZero(values, si, width)) continue;
      const from = start[si] + offset;
      const to = end[si] + offset;
      const lk = labelsKey(labels[si]);
      const h = stackHash(frames, from, to);
      let slot = h & (size - 1);
      let existing = -1;
      for (let c = slots[slot]; c >= 0; slot = (slot + 1) & (size - 1), c = slots[slot]) {
        if (hashes[c] === h && sameStack(frames, outStart[c], outEnd[c], from, to) && labelKeys[c] === lk) {
          existing = c;
          break;
        }
      }
      if (existing >= 0) {
        for (let j = 0; j < width; j++) outValues[existing * width + j] += values[si * width + j];
        continue;
      }
      slots[slot] = n;
      hashes[n] = h;
      labelKeys.push(lk);
      outStart[n] = from;
      outEnd[n] = to;
      for (let j = 0; j < width; j++) outValues[n * width + j] = values[si * width + j];
      outLabels[n] = labels[si];
      n++;
    }
    offset += src.frames.length;
  }
  out.count = n;
  out.start = outStart.subarray(0, n);
  out.end = outEnd.subarray(0, n);
  out.values = outValues.subarray(0, n * width);
  out.labels.length = n;
  return out;
}
