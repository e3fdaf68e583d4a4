// Merge is pprof's profile.Merge: it combines profiles with the same sample
// types into one, deduplicating mappings, locations, functions and samples
// (same stack and labels add up), dropping all-zero samples and renumbering
// ids in order of first use. pprof merges even a single source, so its -raw
// output and report order are those of the merged profile; ours must be too.
// Samples whose values sum to zero (a base cancelled them) are merged away
// by a second merge, as Go's Merge does, so that their locations go too.

import { newColumns, type LoadedProfile, type SampleColumns } from '../columns.js';
import type { Mapping, ProfileFunction } from '../model.js';
import { labelsKey, type SampleLabels } from '../sample-labels.js';
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

/** MergeOptions are merge's options. */
export interface MergeOptions {
  /**
   * Leave samples with the same stack and labels apart instead of adding
   * them up, unless some value is negative. Every sum over samples (node
   * and edge values, totals, tags) is then what it is after Go's Merge, and
   * the costliest part of merging a big profile is saved; what lists
   * samples one by one (-traces, -raw, -proto) must compact() the result
   * first, as its `duplicates` says. Sums of absolute values are why a
   * negative value makes merge add samples up anyway: +5 and -3 in two
   * samples are not 2.
   */
  keepDuplicates?: boolean;
}

/**
 * merge combines profiles as pprof's profile.Merge does. It consumes its
 * sources: a single source's frame column is rewritten in place to merged
 * location indexes and becomes the merged profile's (a big profile's stacks
 * are most of its memory), so the sources must not be used afterwards. A
 * source's mappings, locations and functions become the merged ones when
 * they are its own (LoadedProfile.exclusive), else they are copied; label
 * sets are shared (they are read-only). It throws a ProfileError
 * (ERR_PROFILE_INCOMPATIBLE) for profiles of different types.
 */
export function merge(loaded: LoadedProfile[], options: MergeOptions = {}): WProfile {
  if (loaded.length === 0) throw new TypeError('merge: no profiles to merge');
  const keep = options.keepDuplicates === true && !loaded.some((l) => hasNegative(l.samples));
  const p = mergeOnce(loaded, keep);
  // Samples that added up to zero go, and with them what only they used.
  return hasZeroSample(p.samples) ? mergeOnce([loadedOf(p)], false) : p;
}

function hasNegative(c: SampleColumns): boolean {
  for (let i = 0; i < c.count * c.width; i++) if (c.values[i] < 0) return true;
  return false;
}

function mergeOnce(loaded: LoadedProfile[], keepDuplicates: boolean): WProfile {
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
    duplicates: keepDuplicates,
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
  let locations = 0;
  for (const l of loaded) locations += l.profile.location.length;
  const known: MergedObjects = { locations: new LocationTable(locations), functions: new Map(), mappings: new Map() };
  // A source's mapper is made when its turn comes: it maps the source's
  // first mapping then if nothing mapped any before, as Go's Merge does.
  const mapper = (l: LoadedProfile) => new LocationMapper(p, known, l);
  const frames = loaded.length === 1 ? ownFrames(loaded[0], mapper) : mergedFrames(loaded, mapper);
  p.samples = keepDuplicates ? samplesWithValues(loaded, frames) : mergeSamples(loaded, frames);
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
 * LocationMapper gives the locations of one source their merged locations.
 * Go's Merge numbers merged locations (and functions and mappings) in order
 * of first use by a sample with a value, so locations are mapped by map()
 * in that order, and `index` holds what is known: 1 + the merged index of
 * each source location, 0 for one not mapped yet.
 */
class LocationMapper {
  readonly index: Int32Array;
  private readonly fnById = new Map<ProfileFunction, ProfileFunction>();
  private readonly mapById = new Map<Mapping, MapInfo>();

  constructor(
    private readonly p: WProfile,
    private readonly known: MergedObjects,
    private readonly src: LoadedProfile,
  ) {
    this.index = new Int32Array(src.profile.location.length);
    const first = src.profile.mapping[0];
    if (known.mappings.size === 0 && first) this.mapping(first);
  }

  /** map gives source location li its merged location and returns 1 + its index. */
  map(li: number): number {
    const { p, src } = this;
    const l = src.profile.location[li];
    const mi = this.mapping(l.mapping);
    const nl = this.own(l);
    nl.id = p.location.length + 1;
    nl.mapping = mi?.m;
    // Addresses are uint64 already; only a shifted mapping moves them.
    if (mi && mi.offset !== 0n) nl.address = (l.address + mi.offset) & U64;
    if (!src.exclusive) nl.line = l.line.map((ln) => this.own(ln));
    for (const ln of nl.line) ln.function = this.function(ln.function);
    const rel = nl.mapping && nl.mapping.memoryStart !== 0n ? (nl.address - nl.mapping.memoryStart) & U64 : nl.address;
    const merged = this.known.locations.intern(nl, rel);
    if (merged === nl) p.location.push(nl);
    return (this.index[li] = merged.id);
  }

  // own is a source's object made a merged one: the object itself when the
  // source's objects are its own (a big profile's locations would otherwise
  // be made twice), else a copy.
  private own<T extends object>(o: T): T {
    return this.src.exclusive ? o : { ...o };
  }

  private mapping(m: Mapping | undefined): MapInfo | undefined {
    if (!m) return undefined;
    const seen = this.mapById.get(m);
    if (seen) return seen;
    const { p, known } = this;
    const key = mappingKey(m);
    const existing = known.mappings.get(key);
    let mi: MapInfo;
    if (existing) {
      mi = { m: existing, offset: existing.memoryStart - m.memoryStart };
    } else {
      const nm = this.own(m);
      nm.id = p.mapping.length + 1;
      p.mapping.push(nm);
      known.mappings.set(key, nm);
      mi = { m: nm, offset: 0n };
    }
    this.mapById.set(m, mi);
    return mi;
  }

  private function(f: ProfileFunction): ProfileFunction {
    const seen = this.fnById.get(f);
    if (seen) return seen;
    const { p, known } = this;
    const key = `${f.startLine}\u0000${f.name}\u0000${f.systemName}\u0000${f.filename}`;
    let nf = known.functions.get(key);
    if (!nf) {
      nf = this.own(f);
      nf.id = p.function.length + 1;
      known.functions.set(key, nf);
      p.function.push(nf);
    }
    this.fnById.set(f, nf);
    return nf;
  }
}

/**
 * ownFrames maps a single source's locations and gives the merged frame
 * column, its own one: as decoded when its locations are numbered in order
 * of first use already (LoadedProfile.firstUse) and none is merged into
 * another, otherwise rewritten.
 */
function ownFrames(l: LoadedProfile, mapper: (l: LoadedProfile) => LocationMapper): Int32Array {
  // Not destructured: firstUse is also this module's function.
  const samples = l.samples;
  // A sample without a value uses locations merge must not number.
  if (l.firstUse === undefined || hasZeroSample(samples)) {
    return tiles(samples) ? mapInPlace(mapper(l), samples) : mergedFrames([l], mapper);
  }
  const m = mapper(l);
  let moved = false;
  for (let li = 0; li < l.firstUse; li++) if (m.map(li) !== li + 1) moved = true;
  if (moved) renumber(samples.frames, m.index, samples.frames, 0);
  return samples.frames;
}

// tiles tells whether the samples' stacks lie one after another, in order,
// over the whole frame column, as a decoder leaves them: then each entry
// belongs to exactly one sample.
function tiles(c: SampleColumns): boolean {
  let at = 0;
  for (let i = 0; i < c.count; i++) {
    if (c.start[i] !== at) return false;
    at = c.end[i];
  }
  return at === c.frames.length;
}

/**
 * mapInPlace maps a single source's locations in order of first use and
 * rewrites its frame column to merged indexes in the same pass, which on a
 * big profile is a walk over every frame fewer than mergedFrames after the
 * mapping. Its samples must tile the column (tiles), so that every entry is
 * rewritten once; those of samples without a value become -1.
 */
function mapInPlace(mapper: LocationMapper, samples: SampleColumns): Int32Array {
  const { count, width, start, end, frames, values } = samples;
  const index = mapper.index;
  for (let si = 0; si < count; si++) {
    if (isZero(values, si, width)) {
      frames.fill(-1, start[si], end[si]);
      continue;
    }
    for (let k = start[si]; k < end[si]; k++) {
      const li = frames[k];
      const m = index[li];
      frames[k] = (m > 0 ? m : mapper.map(li)) - 1;
    }
  }
  return frames;
}

/**
 * mergedFrames maps the sources' locations in order of first use, then
 * makes the frame column of the merged samples: a single source's own
 * column rewritten in place, or the sources' columns one after another,
 * each through its location map. Every entry is rewritten exactly once,
 * whatever the samples' ranges; entries no sample with a value uses become
 * -1.
 */
function mergedFrames(loaded: LoadedProfile[], mapper: (l: LoadedProfile) => LocationMapper): Int32Array {
  const mappers = loaded.map((l) => {
    const m = mapper(l);
    for (const li of firstUse(l.samples, l.profile.location.length)) m.map(li);
    return m;
  });
  let size = 0;
  for (const l of loaded) size += l.samples.frames.length;
  const out = loaded.length === 1 ? loaded[0].samples.frames : new Int32Array(size);
  let at = 0;
  loaded.forEach((l, k) => {
    renumber(l.samples.frames, mappers[k].index, out, at);
    at += l.samples.frames.length;
  });
  return out;
}

// renumber writes a source's frame column, through its location map, to
// out from at on; unmapped locations become -1.
function renumber(src: Int32Array, index: Int32Array, out: Int32Array, at: number): void {
  for (let i = 0; i < src.length; i++) {
    const li = src[i];
    out[at + i] = li >= 0 ? index[li] - 1 : -1;
  }
}

// firstUse lists the locations the samples with a value use, in order of
// first use. It is a loop of its own, apart from mapping them, because it
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
 * samplesWithValues makes the merged samples over the merged frame column
 * when equal samples stay apart: the samples with a value, in order.
 */
function samplesWithValues(loaded: LoadedProfile[], frames: Int32Array): SampleColumns {
  if (loaded.length === 1 && !hasZeroSample(loaded[0].samples)) return { ...loaded[0].samples, frames };
  let total = 0;
  for (const l of loaded) total += l.samples.count;
  const out = newColumns(total, loaded[0].samples.width, 0);
  out.frames = frames;
  const { width } = out;
  let n = 0;
  let offset = 0;
  for (const { samples: src } of loaded) {
    for (let si = 0; si < src.count; si++) {
      if (isZero(src.values, si, width)) continue;
      out.start[n] = src.start[si] + offset;
      out.end[n] = src.end[si] + offset;
      out.values.set(src.values.subarray(si * width, (si + 1) * width), n * width);
      out.labels[n] = src.labels[si];
      n++;
    }
    offset += src.frames.length;
  }
  out.labels.length = n;
  return { ...out, count: n, start: out.start.subarray(0, n), end: out.end.subarray(0, n), values: out.values.subarray(0, n * width) };
}

/**
 * mergeSamples makes the merged samples over the merged frame column:
 * samples with a value, in order, those with the same stack and labels as
 * an earlier one added to it.
 */
function mergeSamples(loaded: LoadedProfile[], frames: Int32Array): SampleColumns {
  let total = 0;
  for (const l of loaded) total += l.samples.count;
  const merger = new SampleMerger(total, loaded[0].samples.width, frames);
  let offset = 0;
  for (const { samples } of loaded) {
    merger.add(samples, offset);
    offset += samples.frames.length;
  }
  return merger.finish();
}

/**
 * SampleMerger adds samples to merged columns, finding an equal earlier
 * sample through an open-addressing table over the merged samples (slot ->
 * sample number, or -1), sized for every source sample so that it never
 * grows. Labels are compared by the number of their key: samples share
 * label sets, so each set's key is made once.
 */
class SampleMerger {
  private readonly out: SampleColumns;
  private n = 0;
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly labelIds: Int32Array;
  private readonly idOfKey = new Map<string, number>();
  private readonly idOfSet = new Map<SampleLabels, number>();

  constructor(total: number, width: number, frames: Int32Array) {
    this.out = { ...newColumns(total, width, 0), frames };
    let size = 1024;
    while (size < 2 * total) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.hashes = new Int32Array(total);
    this.labelIds = new Int32Array(total);
  }

  /** add merges the samples of one source, whose frames start at offset in the merged frame column. */
  add(src: SampleColumns, offset: number): void {
    const { count, width, start, end, values, labels } = src;
    const { slots, hashes, labelIds } = this;
    const { start: outStart, end: outEnd, values: outValues, labels: outLabels, frames } = this.out;
    const mask = slots.length - 1;
    for (let si = 0; si < count; si++) {
      if (isZero(values, si, width)) continue;
      const from = start[si] + offset;
      const to = end[si] + offset;
      const lid = this.labelId(labels[si]);
      const h = stackHash(frames, from, to);
      let slot = h & mask;
      let existing = -1;
      for (let c = slots[slot]; c >= 0; slot = (slot + 1) & mask, c = slots[slot]) {
        if (hashes[c] === h && labelIds[c] === lid && sameStack(frames, outStart[c], outEnd[c], from, to)) {
          existing = c;
          break;
        }
      }
      if (existing >= 0) {
        for (let j = 0; j < width; j++) outValues[existing * width + j] += values[si * width + j];
        continue;
      }
      const n = this.n++;
      slots[slot] = n;
      hashes[n] = h;
      labelIds[n] = lid;
      outStart[n] = from;
      outEnd[n] = to;
      for (let j = 0; j < width; j++) outValues[n * width + j] = values[si * width + j];
      outLabels[n] = labels[si];
    }
  }

  /** finish returns the merged columns. */
  finish(): SampleColumns {
    const { out, n } = this;
    out.labels.length = n;
    return { ...out, count: n, start: out.start.subarray(0, n), end: out.end.subarray(0, n), values: out.values.subarray(0, n * out.width) };
  }

  private labelId(l: SampleLabels): number {
    let id = this.idOfSet.get(l);
    if (id === undefined) {
      const key = labelsKey(l);
      id = this.idOfKey.get(key);
      if (id === undefined) this.idOfKey.set(key, (id = this.idOfKey.size));
      this.idOfSet.set(l, id);
    }
    return id;
  }
}
