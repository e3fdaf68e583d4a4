// Merge is pprof's profile.Merge: it combines profiles with the same sample
// types into one, deduplicating mappings, locations, functions and samples
// (same stack and labels add up), dropping all-zero samples and renumbering
// ids in order of first use. pprof merges even a single source, so its -raw
// output and report order are those of the merged profile; ours must be too.
// Samples whose values sum to zero (a base cancelled them) are merged away
// by a second merge, as Go's Merge does, so that their locations go too.

import type { LoadedProfile } from '../columns.js';
import type { Location, Mapping, ProfileFunction } from '../model.js';
import { compatible } from './compatible.js';
import { loadedOf } from './convert.js';
import { groupLabels, type WProfile, type WSample } from './working-model.js';

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

// labelKey is the label part of Go's sampleKey ("" for a sample without
// labels): equal for equal label maps, whatever their insertion order.
function labelKey(s: WSample): string {
  if (s.label.size === 0 && s.numLabel.size === 0) return '';
  const labels = [...s.label].map(([k, v]) => JSON.stringify(k) + JSON.stringify(v)).sort().join('');
  const nums = [...s.numLabel]
    .map(([k, v]) => JSON.stringify(k) + JSON.stringify(v) + JSON.stringify(s.numUnit.get(k) ?? []))
    .sort()
    .join('');
  return labels + '\u0000' + nums;
}

// stackHash hashes the merged location indexes of a stack. Samples are
// deduplicated by this number first and compared exactly only when it
// matches: building Go's string key per sample cost more than decoding.
function stackHash(locs: Int32Array): number {
  let h = 0x811c9dc5 ^ locs.length;
  for (let i = 0; i < locs.length; i++) h = Math.imul(h ^ locs[i], 0x01000193);
  return h;
}

function sameStack(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * merge combines profiles as pprof's profile.Merge does. It consumes its
 * sources: their frame columns are rewritten in place to merged location
 * indexes and the merged samples are views of them (a big profile's stacks
 * are most of its memory), so the sources must not be used afterwards.
 * Mappings, locations and functions are new objects. It throws a
 * ProfileError (ERR_PROFILE_INCOMPATIBLE) for profiles of different types.
 */
export function merge(loaded: LoadedProfile[]): WProfile {
  if (loaded.length === 0) throw new TypeError('merge: no profiles to merge');
  const p = mergeOnce(loaded);
  return p.sample.some(isZero) ? mergeOnce([loadedOf(p)]) : p;
}

function isZero(s: WSample): boolean {
  return s.value.every((v) => v === 0);
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
    sample: [],
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

  // Open addressing over p.sample: slot -> sample index, or -1. Sized for
  // every source sample, so it never grows. sampleHashes[i] and
  // sampleLabelKeys[i] belong to p.sample[i].
  let total = 0;
  for (const l of loaded) total += l.samples.count;
  let size = 1024;
  while (size < 2 * total) size *= 2;
  const slots = new Int32Array(size).fill(-1);
  const sampleHashes: number[] = [];
  const sampleLabelKeys: string[] = [];
  const locations = new Map<string, Location>();
  const functions = new Map<string, ProfileFunction>();
  const mappings = new Map<string, Mapping>();

  for (const { profile: src, samples: cols } of loaded) {
    // Source location index -> 1 + index of its merged location.
    const locMap = new Int32Array(src.location.length);
    const fnById = new Map<ProfileFunction, ProfileFunction>();
    const mapById = new Map<Mapping, MapInfo>();

    const mapMapping = (m: Mapping | undefined): MapInfo | undefined => {
      if (!m) return undefined;
      const known = mapById.get(m);
      if (known) return known;
      const key = mappingKey(m);
      const existing = mappings.get(key);
      if (existing) {
        const mi = { m: existing, offset: existing.memoryStart - m.memoryStart };
        mapById.set(m, mi);
        return mi;
      }
      const nm: Mapping = { ...m, id: p.mapping.length + 1 };
      p.mapping.push(nm);
      mappings.set(key, nm);
      const mi = { m: nm, offset: 0n };
      mapById.set(m, mi);
      return mi;
    };

    const mapFunction = (f: ProfileFunction): ProfileFunction => {
      const known = fnById.get(f);
      if (known) return known;
      const key = `${f.startLine}\u0000${f.name}\u0000${f.systemName}\u0000${f.filename}`;
      const existing = functions.get(key);
      if (existing) {
        fnById.set(f, existing);
        return existing;
      }
      const nf: ProfileFunction = { ...f, id: p.function.length + 1 };
      functions.set(key, nf);
      fnById.set(f, nf);
      p.function.push(nf);
      return nf;
    };

    // mapLocation is called once per distinct source location; the sample
    // loop looks known ones up in locMap itself.
    const mapLocation = (li: number): number => {
      const l = src.location[li];
      const mi = mapMapping(l.mapping);
      const nl: Location = {
        id: p.location.length + 1,
        mapping: mi?.m,
        address: (l.address + (mi?.offset ?? 0n)) & U64,
        line: l.line.map((ln) => ({ function: mapFunction(ln.function), line: ln.line, column: ln.column })),
        isFolded: l.isFolded,
      };
      let addr = nl.address;
      if (nl.mapping) addr = (addr - nl.mapping.memoryStart) & U64;
      const key = `${addr}|${nl.mapping?.id ?? 0}|${nl.isFolded}|` +
        nl.line.map((ln) => `${ln.function.id.toString(16)}|${ln.line.toString(16)}`).join('|');
      const existing = locations.get(key);
      if (existing) {
        locMap[li] = existing.id;
        return existing.id - 1;
      }
      locations.set(key, nl);
      p.location.push(nl);
      locMap[li] = nl.id;
      return nl.id - 1;
    };

    if (mappings.size === 0 && src.mapping.length > 0) mapMapping(src.mapping[0]);
    const { start, frames, values, labels, width } = cols;
    for (let si = 0; si < cols.count; si++) {
      let zero = true;
      for (let j = si * width; j < (si + 1) * width; j++) if (values[j] !== 0) zero = false;
      if (zero) continue;
      const locs = frames.subarray(start[si], start[si + 1]);
      for (let i = 0; i < locs.length; i++) {
        const known = locMap[locs[i]];
        locs[i] = known > 0 ? known - 1 : mapLocation(locs[i]);
      }
      const value = new Array<number>(width);
      for (let j = 0; j < width; j++) value[j] = values[si * width + j];
      const g = groupLabels(labels[si]);
      const ns: WSample = { locs, value, label: g.label, numLabel: g.numLabel, numUnit: g.numUnit };
      const lk = labelKey(ns);
      const h = stackHash(locs);
      let slot = h & (size - 1);
      let existing: WSample | undefined;
      for (let i = slots[slot]; i >= 0; slot = (slot + 1) & (size - 1), i = slots[slot]) {
        const c = p.sample[i];
        if (sampleHashes[i] === h && sameStack(c.locs, locs) && sampleLabelKeys[i] === lk) {
          existing = c;
          break;
        }
      }
      if (existing) {
        for (let i = 0; i < width; i++) existing.value[i] += value[i];
        continue;
      }
      slots[slot] = p.sample.length;
      sampleHashes.push(h);
      sampleLabelKeys.push(lk);
      p.sample.push(ns);
    }
  }
  return p;
}
