// loadProfile reads a profile for analysis with its samples in columns: the
// stacks of all samples in one Int32Array of location indexes, the values in
// one Float64Array. A decoded Profile holds an array of Location references
// per sample, which on a 50 MB profile is most of the process's memory
// (29 million frames at 8 bytes, plus an object per sample); the analyzer
// needs half of that and no per-sample objects until merge keeps a sample.
//
// Only the samples are read here: every other field goes through
// decodeProfile from @fluoro/profile, which validates them. The sample reader
// handles what writers produce (packed location ids and values, labels);
// anything else (unpacked fields, unknown fields, negative or huge values,
// damage of any kind) makes it hand the whole input to decodeProfile, whose
// result, or error message, is then the answer. So the fast path can never
// accept or word anything differently from the codec.

import { decodeProfile, DEFAULT_MAX_BYTES, isV8Json, parseCollapsed, parseV8Profile, SourceMapper, type Label, type Profile } from '@fluoro/profile';
import { Buffer, kMaxLength } from 'node:buffer';
import { gunzipSync } from 'node:zlib';

/** SampleColumns holds a profile's samples, in file order. */
export interface SampleColumns {
  count: number;
  /** Values per sample (the number of sample types). */
  width: number;
  /** Frames of sample i, leaf first, are frames[start[i] .. start[i+1]). */
  start: Int32Array;
  /** Indexes into profile.location. */
  frames: Int32Array;
  /** Value j of sample i is values[i * width + j]. */
  values: Float64Array;
  /** Labels of sample i, or undefined when it has none. */
  labels: (Label[] | undefined)[];
}

/** LoadedProfile is a decoded profile whose `sample` list is empty and whose samples are in columns. */
export interface LoadedProfile {
  profile: Profile;
  samples: SampleColumns;
}

// Top-level field keys (field number << 3 | wire type) the scan tells apart.
const SAMPLE_KEY = (2 << 3) | 2; // repeated Sample sample = 2
const STRING_KEY = (6 << 3) | 2; // repeated string string_table = 6
// Sample field keys the fast path reads.
const LOCATION_IDS_PACKED = (1 << 3) | 2; // repeated uint64 location_id = 1
const VALUES_PACKED = (2 << 3) | 2; // repeated int64 value = 2
const LABEL = (3 << 3) | 2; // repeated Label label = 3
// Label field keys.
const LABEL_KEY = 1 << 3; // int64 key = 1
const LABEL_STR = 2 << 3; // int64 str = 2
const LABEL_NUM = 3 << 3; // int64 num = 3
const LABEL_NUM_UNIT = 4 << 3; // int64 num_unit = 4

/** Unusual thrown by the fast path: the input needs the full decoder. */
class Unusual extends Error {}

// uvarint reads a varint below 2^53 at pos[0], advancing it; anything else is Unusual.
function uvarint(buf: Uint8Array, pos: number[], end: number): number {
  let p = pos[0];
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 8; i++) {
    if (p >= end) throw new Unusual();
    const b = buf[p++];
    v += (b & 0x7f) * mul;
    if (b < 0x80) {
      if (v > Number.MAX_SAFE_INTEGER) break;
      pos[0] = p;
      return v;
    }
    mul *= 128;
  }
  throw new Unusual();
}

// skipField steps over a top-level field of any ordinary wire type.
function skipField(buf: Uint8Array, pos: number[], key: number, end: number): void {
  switch (key & 7) {
    case 0:
      while (true) {
        if (pos[0] >= end) throw new Unusual();
        if (buf[pos[0]++] < 0x80) return;
      }
    case 1:
      pos[0] += 8;
      break;
    case 2: {
      // Not `pos[0] += uvarint(...)`: that reads pos[0] before the call moves it.
      const n = uvarint(buf, pos, end);
      pos[0] += n;
      break;
    }
    case 5:
      pos[0] += 4;
      break;
    default:
      throw new Unusual();
  }
  if (pos[0] > end) throw new Unusual();
}

// isCollapsedText recognizes folded stacks (`main;parse 42`) by their first
// line: printable text ending in a space and a count. A proto never starts
// that way: its first byte is a field key, and a line of text would have to
// be a valid field sequence that ends in digits before any newline.
function isCollapsedText(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 4096);
  let nl = 0;
  while (nl < end && bytes[nl] !== 0x0a) nl++;
  if (nl === 0 || nl === end) return false;
  for (let i = 0; i < nl; i++) if (bytes[i] < 0x20 && bytes[i] !== 0x09 && bytes[i] !== 0x0d) return false;
  const line = Buffer.from(bytes.buffer, bytes.byteOffset, nl).toString('utf8').trimEnd();
  return /^\S.* -?\d+$/.test(line);
}

/** loadProfile decodes profile.proto bytes (gzipped or not), a V8 .cpuprofile / .heapprofile, or collapsed stacks, with its samples in columns. */
export function loadProfile(bytes: Uint8Array): LoadedProfile {
  // V8's JSON profiles (.cpuprofile, .heapprofile), known by content; their
  // frames are mapped through the scripts' source maps when the scripts exist here.
  if (isV8Json(bytes)) return columnsOf(parseV8Profile(bytes, { sourceMaps: new SourceMapper() }));
  if (isCollapsedText(bytes)) return columnsOf(parseCollapsed(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')));
  try {
    return loadFast(bytes);
  } catch (err) {
    if (!(err instanceof Unusual)) throw err;
    // Throws the codec's error for damaged input; converts otherwise.
    return columnsOf(decodeProfile(bytes));
  }
}

function loadFast(bytes: Uint8Array): LoadedProfile {
  let data = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      const max = Math.min(DEFAULT_MAX_BYTES, kMaxLength);
      // The gzip trailer gives the size (mod 2^32): one output chunk of that
      // size spares zlib's concatenation of 64 KB chunks, which doubles the
      // peak memory of a big profile for a moment. A wrong size only costs
      // the concatenation again.
      const n = bytes.length;
      const isize = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
      const chunkSize = Math.max(64 * 1024, Math.min(isize + 1, max, 1 << 30));
      data = gunzipSync(bytes, { maxOutputLength: max, chunkSize });
    } catch {
      // decodeProfile words gzip damage and oversized output.
      throw new Unusual();
    }
  }
  if (data.length === 0 || data.length > DEFAULT_MAX_BYTES) throw new Unusual();
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength);

  // Pass 1: where the samples are; the strings; everything else is copied
  // into `rest` for decodeProfile.
  const sampleAt: number[] = [];
  const strings: string[] = [];
  const restParts: Uint8Array[] = [];
  const pos = [0];
  const end = data.length;
  let restStart = 0;
  while (pos[0] < end) {
    const fieldStart = pos[0];
    const key = uvarint(data, pos, end);
    if (key === SAMPLE_KEY) {
      const n = uvarint(data, pos, end);
      if (pos[0] + n > end) throw new Unusual();
      if (fieldStart > restStart) restParts.push(data.subarray(restStart, fieldStart));
      sampleAt.push(pos[0], pos[0] + n);
      pos[0] += n;
      restStart = pos[0];
    } else if (key === STRING_KEY) {
      const n = uvarint(data, pos, end);
      if (pos[0] + n > end) throw new Unusual();
      strings.push(text.toString('utf8', pos[0], pos[0] + n));
      pos[0] += n;
    } else {
      skipField(data, pos, key, end);
    }
  }
  if (end > restStart) restParts.push(data.subarray(restStart, end));
  let profile: Profile;
  try {
    profile = decodeProfile(Buffer.concat(restParts));
  } catch {
    // Its messages name byte offsets, which must be those of the whole input.
    throw new Unusual();
  }
  const width = profile.sampleType.length;
  const count = sampleAt.length / 2;
  if (count > 0 && width === 0) throw new Unusual();

  // Location id -> index in profile.location (+1; 0 is unknown).
  let maxId = 0;
  for (const l of profile.location) if (l.id > maxId) maxId = l.id;
  if (maxId > 4 * profile.location.length + 1024) throw new Unusual();
  const locIndex = new Int32Array(maxId + 1);
  profile.location.forEach((l, i) => (locIndex[l.id] = i + 1));

  // Pass 2: count frames, so that the frame column is allocated once.
  let total = 0;
  for (let i = 0; i < sampleAt.length; i += 2) {
    pos[0] = sampleAt[i];
    const stop = sampleAt[i + 1];
    while (pos[0] < stop) {
      const key = uvarint(data, pos, stop);
      if (key === LOCATION_IDS_PACKED) {
        const n = uvarint(data, pos, stop);
        const e = pos[0] + n;
        if (e > stop) throw new Unusual();
        for (let p = pos[0]; p < e; p++) if (data[p] < 0x80) total++;
        pos[0] = e;
      } else if ((key & 7) === 2) {
        const n = uvarint(data, pos, stop);
        pos[0] += n;
      } else {
        throw new Unusual();
      }
    }
  }

  // Pass 3: the columns.
  const cols = newColumns(count, width, total);
  const { start, frames, values, labels } = cols;
  let f = 0;
  for (let s = 0; s < count; s++) {
    start[s] = f;
    pos[0] = sampleAt[2 * s];
    const stop = sampleAt[2 * s + 1];
    let nv = 0;
    while (pos[0] < stop) {
      const key = uvarint(data, pos, stop);
      const n = uvarint(data, pos, stop);
      const e = pos[0] + n;
      if (e > stop) throw new Unusual();
      if (key === LOCATION_IDS_PACKED) {
        let p = pos[0];
        while (p < e) {
          // Ids of up to three bytes cover two million locations; longer
          // ones take the general path.
          let id = data[p];
          if (id < 0x80) {
            p++;
          } else if (p + 1 < e && data[p + 1] < 0x80) {
            id = (id & 0x7f) | (data[p + 1] << 7);
            p += 2;
          } else if (p + 2 < e && data[p + 1] >= 0x80 && data[p + 2] < 0x80) {
            id = (id & 0x7f) | ((data[p + 1] & 0x7f) << 7) | (data[p + 2] << 14);
            p += 3;
          } else {
            pos[0] = p;
            id = uvarint(data, pos, e);
            p = pos[0];
          }
          const li = id <= maxId ? locIndex[id] : 0;
          if (li === 0) throw new Unusual();
          frames[f++] = li - 1;
        }
      } else if (key === VALUES_PACKED) {
        while (pos[0] < e) {
          if (nv === width) throw new Unusual();
          values[s * width + nv++] = uvarint(data, pos, e);
        }
      } else if (key === LABEL) {
        const l = readLabel(data, pos, e, strings);
        if (l) (labels[s] ??= []).push(l);
      } else {
        throw new Unusual();
      }
      pos[0] = e;
    }
    if (nv !== width) throw new Unusual();
  }
  start[count] = f;
  return { profile, samples: cols };
}

// readLabel reads a Label with Go's rule: a string label when str is set, a
// numeric one when num or num_unit is, nothing otherwise.
function readLabel(buf: Uint8Array, pos: number[], end: number, strings: string[]): Label | undefined {
  let keyX = 0, strX = 0, num = 0, unitX = 0;
  while (pos[0] < end) {
    const key = uvarint(buf, pos, end);
    const v = uvarint(buf, pos, end);
    if (key === LABEL_KEY) keyX = v;
    else if (key === LABEL_STR) strX = v;
    else if (key === LABEL_NUM) num = v;
    else if (key === LABEL_NUM_UNIT) unitX = v;
    else throw new Unusual();
  }
  if (keyX >= strings.length || strX >= strings.length || unitX >= strings.length) throw new Unusual();
  if (strX !== 0) return { key: strings[keyX], str: strings[strX] };
  if (num !== 0 || unitX !== 0) return { key: strings[keyX], num, numUnit: strings[unitX] };
  return undefined;
}

/** columnsOf moves a decoded profile's samples into columns. */
export function columnsOf(p: Profile): LoadedProfile {
  const index = new Map(p.location.map((l, i) => [l, i]));
  const count = p.sample.length;
  const width = p.sampleType.length;
  let total = 0;
  for (const s of p.sample) total += s.location.length;
  const cols = newColumns(count, width, total);
  const { start, frames, values, labels } = cols;
  let f = 0;
  p.sample.forEach((s, i) => {
    start[i] = f;
    for (const l of s.location) frames[f++] = index.get(l)!;
    for (let j = 0; j < width; j++) values[i * width + j] = s.value[j];
    if (s.label.length > 0) labels[i] = s.label;
  });
  start[count] = f;
  p.sample = [];
  return { profile: p, samples: cols };
}

/** newColumns allocates the columns of count samples, width values each, with frames frames in all. */
export function newColumns(count: number, width: number, frames: number): SampleColumns {
  return {
    count,
    width,
    start: new Int32Array(count + 1),
    frames: new Int32Array(frames),
    values: new Float64Array(count * width),
    labels: new Array<Label[] | undefined>(count).fill(undefined),
  };
}
