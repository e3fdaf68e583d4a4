// decodeColumns: profile.proto bytes straight into sample columns, for the
// analyzer's big profiles, without a Sample object or Location array per
// sample.
//
// Only the samples are read here: every other field goes through
// decodeProfile, which validates them. The sample reader handles what
// writers produce (packed location ids and values, labels); anything else
// (unpacked fields, unknown fields, ids the location list does not have,
// damage of any kind) makes it hand the whole input to decodeProfile, whose
// result, or error message, is then the answer. So the fast path can never
// accept or word anything differently from the codec. It reads the wire
// format with the codec's Reader, whose ProfileErrors mean "ask the codec".
//
// The one difference from decodeProfile is the order of the location list:
// the fast path lists locations in the order samples first use them, the
// order merge gives the merged profile's, so that merging the profile alone
// leaves its frame column as decoded instead of rewriting every frame.

import { Buffer } from 'node:buffer';
import { columnsOf, newColumns, type LoadedProfile, type SampleColumns } from './columns.js';
import { decodeProfile, DEFAULT_MAX_BYTES } from './decode.js';
import { ProfileError } from './errors.js';
import {
  LABEL_KEY,
  LABEL_NUM,
  LABEL_NUM_UNIT,
  LABEL_STR,
  PROFILE_SAMPLE,
  PROFILE_STRING_TABLE,
  SAMPLE_LABEL,
  SAMPLE_LOCATION_ID_PACKED,
  SAMPLE_VALUE_PACKED,
} from './fields.js';
import { gunzipBounded, isGzip } from './gzip.js';
import type { Label, Location, Profile } from './model.js';
import { Reader } from './reader.js';
import { LabelSets } from './sample-labels.js';

/** Unusual is thrown by the fast path for input it leaves to decodeProfile. */
class Unusual extends Error {}

/** decodeColumns decodes profile.proto bytes (gzipped or not) as decodeProfile does, with the samples in columns. */
export function decodeColumns(bytes: Uint8Array): LoadedProfile {
  try {
    return decodeFast(bytes);
  } catch (err) {
    if (!(err instanceof Unusual || err instanceof ProfileError)) throw err;
    // Throws the codec's error for damaged input; converts otherwise.
    return { ...columnsOf(decodeProfile(bytes)), exclusive: true };
  }
}

function decodeFast(bytes: Uint8Array): LoadedProfile {
  const data = isGzip(bytes) ? gunzipBounded(bytes, DEFAULT_MAX_BYTES) : bytes;
  if (data.length === 0 || data.length > DEFAULT_MAX_BYTES) throw new Unusual();
  const top = scanProfile(data);
  const profile = decodeProfile(Buffer.concat(top.rest));
  const width = profile.sampleType.length;
  const count = top.samples / 2;
  if (count > 0 && width === 0) throw new Unusual();
  // Every frame takes at least a byte of its sample, so the samples' bytes
  // bound the frame column: the pages past its end are never written and
  // take no memory, which spares a pass that counts the frames first.
  const cols = newColumns(count, width, top.sampleBytes);
  const ranks = new FirstUse(locationIndex(profile));
  const frames = decodeSamples(data, top, ranks, cols);
  cols.frames = cols.frames.subarray(0, frames);
  profile.location = ranks.reorder(profile.location);
  return { profile, samples: cols, exclusive: true, firstUse: ranks.count };
}

// Each pass over the samples is a function of its own: V8 optimizes a hot
// loop inside a long function on the fly, and leaving that loop for code
// that has not run yet throws the optimized code away again.

/** TopLevel is what pass 1 finds in the top-level message. */
interface TopLevel {
  /** Start and end of sample i's message are sampleAt[2i] and sampleAt[2i+1]. */
  sampleAt: Int32Array;
  /** The used length of sampleAt. */
  samples: number;
  /** The bytes of all samples' messages. */
  sampleBytes: number;
  strings: StringTable;
  /** Everything but the samples, for decodeProfile. */
  rest: Uint8Array[];
}

// scanProfile is pass 1: where the samples are, the strings, and the rest.
// An error there names byte offsets, which must be those of the whole
// input, so it is the codec's to give.
function scanProfile(data: Uint8Array): TopLevel {
  const r = new Reader(data);
  const end = data.length;
  // Offsets are below DEFAULT_MAX_BYTES, 2^30.
  let sampleAt = new Int32Array(1 << 16);
  let samples = 0;
  let sampleBytes = 0;
  const strings = new StringTable(r);
  const rest: Uint8Array[] = [];
  let restStart = 0;
  while (r.pos < end) {
    const fieldStart = r.pos;
    const key = r.key(end);
    if (key === PROFILE_SAMPLE) {
      // repeated Sample sample = 2
      const n = r.length(end);
      if (fieldStart > restStart) rest.push(data.subarray(restStart, fieldStart));
      if (samples === sampleAt.length) {
        const grown = new Int32Array(2 * sampleAt.length);
        grown.set(sampleAt);
        sampleAt = grown;
      }
      sampleAt[samples++] = r.pos;
      sampleAt[samples++] = r.pos + n;
      sampleBytes += n;
      r.pos += n;
      restStart = r.pos;
    } else if (key === PROFILE_STRING_TABLE) {
      // repeated string string_table = 6, decoded by decodeProfile, which
      // checks it; the labels' strings are decoded again from here
      const n = r.length(end);
      strings.add(r.pos, r.pos + n);
      r.pos += n;
    } else {
      r.skip(key & 7, end);
    }
  }
  if (end > restStart) rest.push(data.subarray(restStart, end));
  return { sampleAt, samples, sampleBytes, strings, rest };
}

// locationIndex maps location ids to 1 + their index in profile.location
// (0 for no location).
function locationIndex(profile: Profile): Int32Array {
  let maxId = 0;
  for (const l of profile.location) if (l.id > maxId) maxId = l.id;
  if (maxId > 4 * profile.location.length + 1024) throw new Unusual();
  const locIndex = new Int32Array(maxId + 1);
  profile.location.forEach((l, i) => (locIndex[l.id] = i + 1));
  return locIndex;
}

// decodeSamples is pass 2: the columns. It returns the number of frames.
function decodeSamples(data: Uint8Array, top: TopLevel, ranks: FirstUse, cols: SampleColumns): number {
  const { start, end: stackEnd, frames, values, labels, width, count } = cols;
  const { sampleAt, strings } = top;
  const r = new Reader(data);
  const labelSets = new LabelSets();
  let f = 0;
  for (let s = 0; s < count; s++) {
    start[s] = f;
    let sampleLabels: Label[] | undefined;
    r.pos = sampleAt[2 * s];
    const stop = sampleAt[2 * s + 1];
    let nv = 0;
    while (r.pos < stop) {
      const key = r.key(stop);
      const n = r.length(stop);
      const e = r.pos + n;
      if (key === SAMPLE_LOCATION_ID_PACKED) {
        // repeated uint64 location_id = 1
        f = readLocationIds(data, r.pos, e, ranks, frames, f);
        r.pos = e;
      } else if (key === SAMPLE_VALUE_PACKED) {
        // repeated int64 value = 2
        while (r.pos < e) {
          if (nv === width) throw new Unusual();
          values[s * width + nv++] = r.int(e);
        }
      } else if (key === SAMPLE_LABEL) {
        // repeated Label label = 3
        const l = readLabel(r, e, strings);
        if (l) (sampleLabels ??= []).push(l);
      } else {
        throw new Unusual();
      }
    }
    if (nv !== width) throw new Unusual();
    stackEnd[s] = f;
    if (sampleLabels) labels[s] = labelSets.of(sampleLabels);
  }
  return f;
}

/**
 * FirstUse numbers locations in the order samples first use them, as the
 * frame column is decoded: merge numbers the merged locations that way, and
 * frames that already hold those numbers spare it a rewrite of the whole
 * column.
 */
class FirstUse {
  /** 1 + the number of location id i, 0 while no sample has used it. */
  readonly rank: Int32Array;
  /** The index in profile.location of the location numbered n. */
  readonly order: Int32Array;
  count = 0;

  /** locIndex maps location ids to 1 + their index in profile.location, 0 for none. */
  constructor(readonly locIndex: Int32Array) {
    this.rank = new Int32Array(locIndex.length);
    this.order = new Int32Array(locIndex.length);
  }

  /** first numbers location id, which no sample has used before, and returns 1 + its number (0 for an id with no location). */
  first(id: number): number {
    const li = this.locIndex[id];
    if (li === 0) return 0;
    this.order[this.count] = li - 1;
    return (this.rank[id] = ++this.count);
  }

  /** reorder lists locations by their numbers, then those no sample uses in their order. */
  reorder(locations: Location[]): Location[] {
    const out = Array.from(this.order.subarray(0, this.count), (li) => locations[li]);
    if (out.length < locations.length) {
      const used = new Uint8Array(locations.length);
      for (const li of this.order.subarray(0, this.count)) used[li] = 1;
      locations.forEach((l, li) => used[li] === 0 && out.push(l));
    }
    return out;
  }
}

// readLocationIds decodes the packed location ids in data[pos, end) into
// frames from f on, as location numbers in order of first use, and returns
// the new f. It is the decoder's innermost loop (one varint per frame of
// the profile), so it reads varints of up to four bytes inline with the
// cursor in a local, and leaves anything else (a longer varint, one that
// runs past end, an id with no location) to the codec.
function readLocationIds(data: Uint8Array, pos: number, end: number, ranks: FirstUse, frames: Int32Array, f: number): number {
  const rank = ranks.rank;
  const maxId = rank.length - 1;
  while (pos < end) {
    let b = data[pos++];
    let id = b & 0x7f;
    if (b >= 0x80) {
      b = data[pos++];
      id |= (b & 0x7f) << 7;
      if (b >= 0x80) {
        b = data[pos++];
        id |= (b & 0x7f) << 14;
        if (b >= 0x80) {
          b = data[pos++];
          id |= (b & 0x7f) << 21;
          if (b >= 0x80) throw new Unusual();
        }
      }
    }
    if (id > maxId || pos > end) throw new Unusual();
    let r = rank[id];
    if (r === 0 && (r = ranks.first(id)) === 0) throw new Unusual();
    frames[f++] = r - 1;
  }
  return f;
}

// readLabel reads a Label with Go's rule: a string label when str is set, a
// numeric one when num or num_unit is, nothing otherwise.
function readLabel(r: Reader, end: number, strings: StringTable): Label | undefined {
  let keyX = 0, strX = 0, num = 0, unitX = 0;
  while (r.pos < end) {
    const key = r.key(end);
    if (key === LABEL_KEY) keyX = r.int(end); // int64 key = 1
    else if (key === LABEL_STR) strX = r.int(end); // int64 str = 2
    else if (key === LABEL_NUM) num = r.int(end); // int64 num = 3
    else if (key === LABEL_NUM_UNIT) unitX = r.int(end); // int64 num_unit = 4
    else throw new Unusual();
  }
  if (!(strings.has(keyX) && strings.has(strX) && strings.has(unitX))) throw new Unusual();
  if (strX !== 0) return { key: strings.get(keyX), str: strings.get(strX) };
  if (num !== 0 || unitX !== 0) return { key: strings.get(keyX), num, numUnit: strings.get(unitX) };
  return undefined;
}

/**
 * StringTable is where the string table's strings are in the input, each
 * decoded when a label first uses it: decodeProfile decodes them all for
 * the profile, and a second copy of every one would sit in memory while
 * the frame column fills, which is the decoder's peak.
 */
class StringTable {
  /** String i is the input's bytes [at[2i], at[2i+1]). */
  private readonly at: number[] = [];
  private readonly decoded: (string | undefined)[] = [];

  constructor(private readonly r: Reader) {}

  /** add records the next string's bytes [start, end). */
  add(start: number, end: number): void {
    this.at.push(start, end);
  }

  /** has tells whether the table has a string i. */
  has(i: number): boolean {
    return i >= 0 && 2 * i < this.at.length;
  }

  /** get is string i, which the table has. */
  get(i: number): string {
    return (this.decoded[i] ??= this.r.decodeText(this.at[2 * i], this.at[2 * i + 1]));
  }
}
