// Merge is pprof's profile.Merge: it combines profiles with the same sample
// types into one, deduplicating mappings, locations, functions and samples
// (same stack and labels add up), dropping all-zero samples and renumbering
// ids in order of first use. pprof merges even a single source, so its -raw
// output and report order are those of the merged profile; ours must be too.

import type { Location, Mapping, Profile, ProfileFunction } from '@fluoro/profile';
import { groupLabels, type WProfile, type WSample } from './model.js';
import { AnalyzerError } from '../driver/errors.js';

const U64 = (1n << 64n) - 1n;

interface MapInfo {
  m: Mapping;
  offset: bigint;
}

function vtString(t: { type: string; unit: string } | undefined): string {
  return t ? `{${t.type} ${t.unit} 0 0}` : '<nil>';
}

function checkCompatible(a: Profile, b: Profile): void {
  const pa = a.periodType;
  const pb = b.periodType;
  if ((pa?.type ?? '') !== (pb?.type ?? '') || (pa?.unit ?? '') !== (pb?.unit ?? '')) {
    throw new AnalyzerError(`incompatible period types ${vtString(pa)} and ${vtString(pb)}`);
  }
  const st = (p: Profile) => '[' + p.sampleType.map((t) => vtString(t)).join(' ') + ']';
  if (a.sampleType.length !== b.sampleType.length ||
      a.sampleType.some((t, i) => t.type !== b.sampleType[i].type || t.unit !== b.sampleType[i].unit)) {
    throw new AnalyzerError(`incompatible sample types ${st(a)} and ${st(b)}`);
  }
}

function mappingKey(m: Mapping): string {
  let size = m.memoryLimit - m.memoryStart;
  size = (size + 0xfffn) & U64;
  size -= size % 0x1000n;
  return `${size}|${m.fileOffset}|${m.buildId !== '' ? m.buildId : m.filename}`;
}

function sampleKey(s: WSample): string {
  const ids = s.location.map((l) => l.id.toString(16)).join('|');
  const labels = [...s.label].map(([k, v]) => JSON.stringify(k) + JSON.stringify(v)).sort().join('');
  const nums = [...s.numLabel]
    .map(([k, v]) => JSON.stringify(k) + JSON.stringify(v) + JSON.stringify(s.numUnit.get(k) ?? []))
    .sort()
    .join('');
  return ids + '\u0000' + labels + '\u0000' + nums;
}

function isZero(values: number[]): boolean {
  return values.every((v) => v === 0);
}

/** merge combines profiles as pprof's profile.Merge does; the result shares no objects with them. */
export function merge(srcs: Profile[]): WProfile {
  for (const s of srcs.slice(1)) checkCompatible(srcs[0], s);
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

  const samples = new Map<string, WSample>();
  const locations = new Map<string, Location>();
  const functions = new Map<string, ProfileFunction>();
  const mappings = new Map<string, Mapping>();

  for (const src of srcs) {
    // Indexed by the source's location id when ids are dense (they nearly
    // always are): this lookup runs once per frame of every sample.
    const locDense = src.location.every((l) => l.id > 0 && l.id <= 4 * src.location.length + 1024);
    const locByIdArr: (Location | undefined)[] = [];
    const locByIdMap = new Map<Location, Location>();
    const locById = {
      get: (l: Location) => (locDense ? locByIdArr[l.id] : locByIdMap.get(l)),
      set: (l: Location, v: Location) => (locDense ? (locByIdArr[l.id] = v) : locByIdMap.set(l, v)),
    };
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

    const mapLocation = (l: Location): Location => {
      const known = locById.get(l);
      if (known) return known;
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
        locById.set(l, existing);
        return existing;
      }
      locById.set(l, nl);
      locations.set(key, nl);
      p.location.push(nl);
      return nl;
    };

    if (mappings.size === 0 && src.mapping.length > 0) mapMapping(src.mapping[0]);
    for (const s of src.sample) {
      if (isZero(s.value)) continue;
      const g = groupLabels(s);
      const ns: WSample = { location: s.location.map(mapLocation), value: s.value.slice(), ...g };
      const key = sampleKey(ns);
      const existing = samples.get(key);
      if (existing) {
        for (let i = 0; i < s.value.length; i++) existing.value[i] += s.value[i];
        continue;
      }
      samples.set(key, ns);
      p.sample.push(ns);
    }
  }
  return p;
}
