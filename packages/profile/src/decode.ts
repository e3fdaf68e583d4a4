// decodeProfile: profile.proto bytes (gzipped or not) to the resolved model.
//
// Decoding runs in two steps, as pprof's decode + postDecode pair does, but
// without building an intermediate tree: a first pass over the top-level
// message reads the string table and scalars and only notes where each
// sample, location, function and mapping message lies; then each kind is
// decoded in dependency order (functions and mappings, then locations, then
// samples), so every id can be resolved to its object the moment it is read.
// Ids are looked up in dense arrays when they are small (Go numbers them
// 1..n) and in a Map otherwise. Validation (Go's CheckValid) happens along the
// way: zero and duplicate ids, unknown ids, value counts.

import { ProfileError } from './errors.js';
import {
  FUNCTION_FILENAME,
  FUNCTION_ID,
  FUNCTION_LAST_FIELD,
  FUNCTION_NAME,
  FUNCTION_START_LINE,
  FUNCTION_SYSTEM_NAME,
  LABEL_KEY,
  LABEL_LAST_FIELD,
  LABEL_NUM,
  LABEL_NUM_UNIT,
  LABEL_STR,
  LINE_COLUMN,
  LINE_FUNCTION_ID,
  LINE_LAST_FIELD,
  LINE_LINE,
  LOCATION_ADDRESS,
  LOCATION_ID,
  LOCATION_IS_FOLDED,
  LOCATION_LAST_FIELD,
  LOCATION_LINE,
  LOCATION_MAPPING_ID,
  MAPPING_BUILD_ID,
  MAPPING_FILENAME,
  MAPPING_FILE_OFFSET,
  MAPPING_HAS_FILENAMES,
  MAPPING_HAS_FUNCTIONS,
  MAPPING_HAS_INLINE_FRAMES,
  MAPPING_HAS_LINE_NUMBERS,
  MAPPING_ID,
  MAPPING_LAST_FIELD,
  MAPPING_MEMORY_LIMIT,
  MAPPING_MEMORY_START,
  PROFILE_COMMENT,
  PROFILE_COMMENT_PACKED,
  PROFILE_DEFAULT_SAMPLE_TYPE,
  PROFILE_DROP_FRAMES,
  PROFILE_DURATION_NANOS,
  PROFILE_FUNCTION,
  PROFILE_KEEP_FRAMES,
  PROFILE_LAST_FIELD,
  PROFILE_LOCATION,
  PROFILE_MAPPING,
  PROFILE_PERIOD,
  PROFILE_PERIOD_TYPE,
  PROFILE_SAMPLE,
  PROFILE_SAMPLE_TYPE,
  PROFILE_STRING_TABLE,
  PROFILE_TIME_NANOS,
  SAMPLE_LABEL,
  SAMPLE_LAST_FIELD,
  SAMPLE_LOCATION_ID,
  SAMPLE_LOCATION_ID_PACKED,
  SAMPLE_VALUE,
  SAMPLE_VALUE_PACKED,
  VALUE_TYPE_LAST_FIELD,
  VALUE_TYPE_TYPE,
  VALUE_TYPE_UNIT,
  WireType,
} from './fields.js';
import { gunzipBounded, isGzip } from './gzip.js';
import type { Label, Line, Location, Mapping, Profile, ProfileFunction, Sample, ValueType } from './model.js';
import { Reader } from './reader.js';

/** DecodeOptions tunes decodeProfile. */
export interface DecodeOptions {
  /** Largest accepted size in bytes of the uncompressed profile; default 1 GiB. */
  maxBytes?: number;
}

/** DEFAULT_MAX_BYTES is the default limit on a decoded profile's uncompressed size (1 GiB). */
export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

const ZERO = 0n;

/** decodeProfile parses profile.proto bytes, gzipped or not, into a validated, resolved Profile. */
export function decodeProfile(bytes: Uint8Array, options: DecodeOptions = {}): Profile {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('decodeProfile: bytes must be a Uint8Array');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new TypeError(`decodeProfile: maxBytes must be a positive integer, got ${String(maxBytes)}`);
  }
  let data = bytes;
  if (isGzip(bytes)) {
    data = gunzipBounded(bytes, maxBytes);
  } else if (bytes.length > maxBytes) {
    throw new ProfileError(
      'ERR_PROFILE_TOO_LARGE',
      `parsing profile: input of ${bytes.length} bytes exceeds the limit of ${maxBytes} bytes (maxBytes)`,
    );
  }
  if (data.length === 0) throw new ProfileError('ERR_PROFILE_INVALID', 'parsing profile: empty input file');
  try {
    return parse(data);
  } catch (err) {
    if (err instanceof MalformedProfileError) throw err;
    throw withContext(err, 'parsing profile');
  }
}

// MalformedProfileError carries Go's CheckValid messages ("malformed
// profile: ..."); it passes through the context wrappers unchanged because
// those messages already say what is wrong with which object.
class MalformedProfileError extends ProfileError {
  constructor(message: string) {
    super('ERR_PROFILE_INVALID', `malformed profile: ${message}`);
  }
}

function withContext(err: unknown, context: string): ProfileError {
  if (err instanceof MalformedProfileError) return err;
  if (err instanceof ProfileError) return new ProfileError(err.code, `${context}: ${err.message}`, { cause: err });
  // Nothing but ProfileErrors should come out of the decoder; if something
  // else does, it is still reported as a ProfileError, and the test suite
  // looks for this wording to catch such bugs.
  const message = err instanceof Error ? err.message : String(err);
  return new ProfileError('ERR_PROFILE_INVALID', `${context}: internal error: ${message}`, { cause: err });
}

// IdIndex finds objects by id: a dense array for ids up to the number of
// objects (what every known writer produces) and a Map for the rest.
interface IdIndex<T> {
  dense: (T | undefined)[];
  sparse: Map<number, T>;
}

function newIdIndex<T>(count: number): IdIndex<T> {
  const dense = new Array<T | undefined>(count + 1);
  dense.fill(undefined);
  return { dense, sparse: new Map() };
}

// addId registers obj under id, returning false when the id is taken.
function addId<T>(index: IdIndex<T>, id: number, obj: T): boolean {
  if (id < index.dense.length) {
    if (index.dense[id] !== undefined) return false;
    index.dense[id] = obj;
    return true;
  }
  if (index.sparse.has(id)) return false;
  index.sparse.set(id, obj);
  return true;
}

function parse(buf: Uint8Array): Profile {
  const r = new Reader(buf);
  const end = buf.length;

  // Pass 1: the top-level message. Sub-messages are remembered as
  // [start, end) pairs in flat number arrays.
  const sampleTypeAt: number[] = [];
  const sampleAt: number[] = [];
  const mappingAt: number[] = [];
  const locationAt: number[] = [];
  const functionAt: number[] = [];
  const strings: string[] = [];
  const commentX: number[] = [];
  let periodTypeStart = -1;
  let periodTypeEnd = -1;
  let dropFramesX = 0;
  let keepFramesX = 0;
  let timeNanos = 0;
  let timeNanosExact = 0n;
  let durationNanos = 0;
  let period = 0;
  let defaultSampleTypeX = 0;

  while (r.pos < end) {
    const key = r.key(end);
    switch (key) {
      case PROFILE_SAMPLE_TYPE: // repeated ValueType sample_type = 1
        noteMessage(r, end, sampleTypeAt);
        break;
      case PROFILE_SAMPLE: // repeated Sample sample = 2
        noteMessage(r, end, sampleAt);
        break;
      case PROFILE_MAPPING: // repeated Mapping mapping = 3
        noteMessage(r, end, mappingAt);
        break;
      case PROFILE_LOCATION: // repeated Location location = 4
        noteMessage(r, end, locationAt);
        break;
      case PROFILE_FUNCTION: // repeated Function function = 5
        noteMessage(r, end, functionAt);
        break;
      case PROFILE_STRING_TABLE: {
        // repeated string string_table = 6
        const s = r.string(end);
        if (strings.length === 0 && s !== '') {
          throw new ProfileError('ERR_PROFILE_INVALID', "string_table[0] must be ''");
        }
        strings.push(s);
        break;
      }
      case PROFILE_DROP_FRAMES: // int64 drop_frames = 7
        dropFramesX = r.int(end);
        break;
      case PROFILE_KEEP_FRAMES: // int64 keep_frames = 8
        keepFramesX = r.int(end);
        break;
      case PROFILE_TIME_NANOS: // int64 time_nanos = 9
        // Go's decoder reads a second time_nanos as a sign that two profiles
        // were concatenated, which would otherwise mix silently.
        if (timeNanos !== 0) {
          throw new ProfileError('ERR_PROFILE_INVALID', 'concatenated profiles detected');
        }
        // A Unix time in nanoseconds is above 2^53: keep the exact value
        // beside the nearest number rather than refusing every real profile.
        timeNanosExact = r.bigInt(end);
        timeNanos = Number(timeNanosExact);
        break;
      case PROFILE_DURATION_NANOS: // int64 duration_nanos = 10
        durationNanos = r.int(end);
        break;
      case PROFILE_PERIOD_TYPE: {
        // ValueType period_type = 11
        const n = r.length(end);
        periodTypeStart = r.pos;
        periodTypeEnd = r.pos + n;
        r.pos += n;
        break;
      }
      case PROFILE_PERIOD: // int64 period = 12
        period = r.int(end);
        break;
      case PROFILE_COMMENT: // repeated int64 comment = 13 (unpacked)
        commentX.push(r.int(end));
        break;
      case PROFILE_COMMENT_PACKED: // repeated int64 comment = 13 (packed)
        readPackedInts(r, end, commentX);
        break;
      case PROFILE_DEFAULT_SAMPLE_TYPE: // int64 default_sample_type = 14
        defaultSampleTypeX = r.int(end);
        break;
      default:
        // int64 doc_url = 15 is not in the model; it is skipped with the
        // fields that newer versions of profile.proto may add.
        skipField(r, key, end, PROFILE_LAST_FIELD);
    }
  }

  if (strings.length === 0) {
    throw new ProfileError('ERR_PROFILE_INVALID', 'malformed profile format: missing string table');
  }

  // Pass 2: each kind in dependency order.
  const sampleType = decodeValueTypes(r, sampleTypeAt, strings);
  const functions = decodeFunctions(r, functionAt, strings);
  const mappings = decodeMappings(r, mappingAt, strings);
  const locations = decodeLocations(r, locationAt, functions.index, mappings.index);
  const sample = decodeSamples(r, sampleAt, locations.index, strings, sampleType.length);

  let periodType: ValueType | undefined;
  if (periodTypeStart >= 0) {
    try {
      periodType = decodeValueType(r, periodTypeStart, periodTypeEnd, strings);
    } catch (err) {
      throw withContext(err, 'period type');
    }
  }
  const comment = commentX.map((x) => stringAt(strings, x));

  return {
    sampleType,
    sample,
    mapping: mappings.list,
    location: locations.list,
    function: functions.list,
    dropFrames: stringAt(strings, dropFramesX),
    keepFrames: stringAt(strings, keepFramesX),
    timeNanos,
    ...(Number.isSafeInteger(timeNanos) ? {} : { timeNanosExact }),
    durationNanos,
    ...(periodType ? { periodType } : {}),
    period,
    comment,
    defaultSampleType: stringAt(strings, defaultSampleTypeX),
  };
}

// noteMessage records where a length-delimited sub-message lies and steps over it.
function noteMessage(r: Reader, end: number, at: number[]): void {
  const n = r.length(end);
  at.push(r.pos, r.pos + n);
  r.pos += n;
}

function readPackedInts(r: Reader, end: number, out: number[]): void {
  const n = r.length(end);
  const stop = r.pos + n;
  while (r.pos < stop) out.push(r.int(stop));
}

// skipField steps over a field the switch did not take: an error when the
// field number is one the message defines (so its wire type is wrong), a
// skip otherwise, as protobuf requires for fields added by newer writers.
function skipField(r: Reader, key: number, end: number, lastKnownField: number): void {
  const wireType = key % 8;
  const field = (key - wireType) / 8;
  const validWireType =
    wireType === WireType.varint ||
    wireType === WireType.fixed64 ||
    wireType === WireType.bytes ||
    wireType === WireType.fixed32;
  if (validWireType && field >= 1 && field <= lastKnownField) {
    throw new ProfileError(
      'ERR_PROFILE_WIRE_TYPE',
      `type mismatch: field ${field} has wire type ${wireType} at byte ${r.pos}`,
    );
  }
  r.skip(wireType, end);
}

// stringAt resolves a string-table index, which a hostile file may put out of range.
function stringAt(strings: string[], x: number): string {
  if (x >= 0 && x < strings.length) return strings[x];
  throw new ProfileError(
    'ERR_PROFILE_INVALID',
    `malformed profile format: string index ${x} out of range [0, ${strings.length})`,
  );
}

function decodeValueTypes(r: Reader, at: number[], strings: string[]): ValueType[] {
  const out = new Array<ValueType>(at.length / 2);
  let i = 0;
  try {
    for (; i < out.length; i++) out[i] = decodeValueType(r, at[2 * i], at[2 * i + 1], strings);
  } catch (err) {
    throw withContext(err, `sample type ${i}`);
  }
  return out;
}

function decodeValueType(r: Reader, start: number, end: number, strings: string[]): ValueType {
  let typeX = 0;
  let unitX = 0;
  r.pos = start;
  while (r.pos < end) {
    const key = r.key(end);
    if (key === VALUE_TYPE_TYPE) {
      typeX = r.int(end); // int64 type = 1
    } else if (key === VALUE_TYPE_UNIT) {
      unitX = r.int(end); // int64 unit = 2
    } else {
      skipField(r, key, end, VALUE_TYPE_LAST_FIELD);
    }
  }
  return { type: stringAt(strings, typeX), unit: stringAt(strings, unitX) };
}

function decodeFunctions(
  r: Reader,
  at: number[],
  strings: string[],
): { list: ProfileFunction[]; index: IdIndex<ProfileFunction> } {
  const list = new Array<ProfileFunction>(at.length / 2);
  const index = newIdIndex<ProfileFunction>(list.length);
  let i = 0;
  try {
    for (; i < list.length; i++) {
      const end = at[2 * i + 1];
      let id = 0;
      let nameX = 0;
      let systemNameX = 0;
      let filenameX = 0;
      let startLine = 0;
      r.pos = at[2 * i];
      while (r.pos < end) {
        const key = r.key(end);
        switch (key) {
          case FUNCTION_ID: // uint64 id = 1
            id = r.uint(end);
            break;
          case FUNCTION_NAME: // int64 name = 2
            nameX = r.int(end);
            break;
          case FUNCTION_SYSTEM_NAME: // int64 system_name = 3
            systemNameX = r.int(end);
            break;
          case FUNCTION_FILENAME: // int64 filename = 4
            filenameX = r.int(end);
            break;
          case FUNCTION_START_LINE: // int64 start_line = 5
            startLine = r.int(end);
            break;
          default:
            skipField(r, key, end, FUNCTION_LAST_FIELD);
        }
      }
      const fn: ProfileFunction = {
        id,
        name: stringAt(strings, nameX),
        systemName: stringAt(strings, systemNameX),
        filename: stringAt(strings, filenameX),
        startLine,
      };
      if (id === 0) throw new MalformedProfileError('found function with reserved ID=0');
      if (!addId(index, id, fn)) throw new MalformedProfileError(`multiple functions with same id: ${id}`);
      list[i] = fn;
    }
  } catch (err) {
    throw withContext(err, `function ${i}`);
  }
  return { list, index };
}

function decodeMappings(
  r: Reader,
  at: number[],
  strings: string[],
): { list: Mapping[]; index: IdIndex<Mapping> } {
  const list = new Array<Mapping>(at.length / 2);
  const index = newIdIndex<Mapping>(list.length);
  let i = 0;
  try {
    for (; i < list.length; i++) {
      const end = at[2 * i + 1];
      let id = 0;
      let memoryStart = ZERO;
      let memoryLimit = ZERO;
      let fileOffset = ZERO;
      let filenameX = 0;
      let buildIdX = 0;
      let hasFunctions = false;
      let hasFilenames = false;
      let hasLineNumbers = false;
      let hasInlineFrames = false;
      r.pos = at[2 * i];
      while (r.pos < end) {
        const key = r.key(end);
        switch (key) {
          case MAPPING_ID: // uint64 id = 1
            id = r.uint(end);
            break;
          case MAPPING_MEMORY_START: // uint64 memory_start = 2
            memoryStart = r.bigUint(end);
            break;
          case MAPPING_MEMORY_LIMIT: // uint64 memory_limit = 3
            memoryLimit = r.bigUint(end);
            break;
          case MAPPING_FILE_OFFSET: // uint64 file_offset = 4
            fileOffset = r.bigUint(end);
            break;
          case MAPPING_FILENAME: // int64 filename = 5
            filenameX = r.int(end);
            break;
          case MAPPING_BUILD_ID: // int64 build_id = 6
            buildIdX = r.int(end);
            break;
          case MAPPING_HAS_FUNCTIONS: // bool has_functions = 7
            hasFunctions = r.bool(end);
            break;
          case MAPPING_HAS_FILENAMES: // bool has_filenames = 8
            hasFilenames = r.bool(end);
            break;
          case MAPPING_HAS_LINE_NUMBERS: // bool has_line_numbers = 9
            hasLineNumbers = r.bool(end);
            break;
          case MAPPING_HAS_INLINE_FRAMES: // bool has_inline_frames = 10
            hasInlineFrames = r.bool(end);
            break;
          default:
            skipField(r, key, end, MAPPING_LAST_FIELD);
        }
      }
      const mapping: Mapping = {
        id,
        memoryStart,
        memoryLimit,
        fileOffset,
        filename: stringAt(strings, filenameX),
        buildId: stringAt(strings, buildIdX),
        hasFunctions,
        hasFilenames,
        hasLineNumbers,
        hasInlineFrames,
      };
      if (id === 0) throw new MalformedProfileError('found mapping with reserved ID=0');
      if (!addId(index, id, mapping)) throw new MalformedProfileError(`multiple mappings with same id: ${id}`);
      list[i] = mapping;
    }
  } catch (err) {
    throw withContext(err, `mapping ${i}`);
  }
  return { list, index };
}

function decodeLocations(
  r: Reader,
  at: number[],
  functions: IdIndex<ProfileFunction>,
  mappings: IdIndex<Mapping>,
): { list: Location[]; index: IdIndex<Location> } {
  const list = new Array<Location>(at.length / 2);
  const index = newIdIndex<Location>(list.length);
  const fnDense = functions.dense;
  const fnSparse = functions.sparse;
  let i = 0;
  try {
    for (; i < list.length; i++) {
      const end = at[2 * i + 1];
      let id = 0;
      let mappingId = 0;
      let address = ZERO;
      let isFolded = false;
      const line: Line[] = [];
      // A line's function id is resolved as it is read, but the error names
      // the location id, which may come later in the message.
      let missingFunction = false;
      r.pos = at[2 * i];
      while (r.pos < end) {
        const key = r.key(end);
        switch (key) {
          case LOCATION_ID: // uint64 id = 1
            id = r.uint(end);
            break;
          case LOCATION_MAPPING_ID: // uint64 mapping_id = 2
            mappingId = r.uint(end);
            break;
          case LOCATION_ADDRESS: // uint64 address = 3
            address = r.bigUint(end);
            break;
          case LOCATION_LINE: {
            // repeated Line line = 4
            const n = r.length(end);
            const lineEnd = r.pos + n;
            let functionId = 0;
            let lineNumber = 0;
            let column = 0;
            while (r.pos < lineEnd) {
              const lineKey = r.key(lineEnd);
              if (lineKey === LINE_FUNCTION_ID) {
                functionId = r.uint(lineEnd); // uint64 function_id = 1
              } else if (lineKey === LINE_LINE) {
                lineNumber = r.int(lineEnd); // int64 line = 2
              } else if (lineKey === LINE_COLUMN) {
                column = r.int(lineEnd); // int64 column = 3
              } else {
                skipField(r, lineKey, lineEnd, LINE_LAST_FIELD);
              }
            }
            const fn = functionId < fnDense.length ? fnDense[functionId] : fnSparse.get(functionId);
            if (fn === undefined) {
              missingFunction = true;
            } else {
              line.push({ function: fn, line: lineNumber, column });
            }
            break;
          }
          case LOCATION_IS_FOLDED: // bool is_folded = 5
            isFolded = r.bool(end);
            break;
          default:
            skipField(r, key, end, LOCATION_LAST_FIELD);
        }
      }
      if (missingFunction) throw new MalformedProfileError(`location id: ${id} has a line with nil function`);
      // Go's decoder leaves a location whose mapping id is unknown without a
      // mapping rather than failing; so does this one.
      const mapping =
        mappingId === 0
          ? undefined
          : mappingId < mappings.dense.length
            ? mappings.dense[mappingId]
            : mappings.sparse.get(mappingId);
      const location: Location =
        mapping === undefined ? { id, address, line, isFolded } : { id, mapping, address, line, isFolded };
      if (id === 0) throw new MalformedProfileError('found location with reserved id=0');
      if (!addId(index, id, location)) throw new MalformedProfileError(`multiple locations with same id: ${id}`);
      list[i] = location;
    }
  } catch (err) {
    throw withContext(err, `location ${i}`);
  }
  return { list, index };
}

function decodeSamples(
  r: Reader,
  at: number[],
  locations: IdIndex<Location>,
  strings: string[],
  valueCount: number,
): Sample[] {
  const out = new Array<Sample>(at.length / 2);
  if (valueCount === 0 && out.length !== 0) throw new MalformedProfileError('missing sample type information');
  const buf = r.buf;
  const locDense = locations.dense;
  const locSparse = locations.sparse;
  let i = 0;
  try {
    for (; i < out.length; i++) {
      const end = at[2 * i + 1];
      // Arrays are made when their field is met, at their final size, so
      // that no placeholder is allocated per sample.
      let location: Location[] | undefined;
      let value: number[] | undefined;
      let label: Label[] | undefined;
      // The cursor lives in a local here, not in r.pos: this loop runs once
      // per frame of every sample, and the reader is called only off the
      // fast paths (long varints, other fields, errors).
      let pos = at[2 * i];
      while (pos < end) {
        const key = buf[pos];
        if (key === SAMPLE_LOCATION_ID_PACKED) {
          // repeated uint64 location_id = 1 (packed)
          r.pos = pos + 1;
          const n = r.length(end);
          pos = r.pos;
          const stop = pos + n;
          // Counting the varints first lets the array be allocated at its
          // final size; location lists are the bulk of a profile.
          let k = 0;
          if (location === undefined) location = new Array<Location>(r.countVarints(pos, stop));
          else k = location.length;
          while (pos < stop) {
            // Location ids are small and dense: one to three bytes covers
            // two million locations.
            let b = buf[pos];
            let id = b;
            if (b < 0x80) {
              pos += 1;
            } else if (pos + 2 < stop) {
              id = b & 0x7f;
              b = buf[pos + 1];
              id |= (b & 0x7f) << 7;
              if (b < 0x80) {
                pos += 2;
              } else {
                b = buf[pos + 2];
                id |= b << 14;
                if (b < 0x80) {
                  pos += 3;
                } else {
                  r.pos = pos;
                  id = r.uint(stop);
                  pos = r.pos;
                }
              }
            } else {
              r.pos = pos;
              id = r.uint(stop);
              pos = r.pos;
            }
            const loc = id < locDense.length ? locDense[id] : locSparse.get(id);
            if (loc === undefined) throw new MalformedProfileError('sample has nil location');
            location[k++] = loc;
          }
        } else if (key === SAMPLE_VALUE_PACKED) {
          // repeated int64 value = 2 (packed)
          r.pos = pos + 1;
          const n = r.length(end);
          const stop = r.pos + n;
          let k = 0;
          if (value === undefined) value = new Array<number>(r.countVarints(r.pos, stop));
          else k = value.length;
          while (r.pos < stop) value[k++] = r.int(stop);
          pos = stop;
        } else {
          r.pos = pos;
          const fullKey = r.key(end);
          if (fullKey === SAMPLE_LABEL) {
            // repeated Label label = 3
            const n = r.length(end);
            const l = decodeLabel(r, r.pos + n, strings);
            if (l !== undefined) (label ??= []).push(l);
          } else if (fullKey === SAMPLE_LOCATION_ID) {
            // repeated uint64 location_id = 1 (unpacked)
            const id = r.uint(end);
            const loc = id < locDense.length ? locDense[id] : locSparse.get(id);
            if (loc === undefined) throw new MalformedProfileError('sample has nil location');
            (location ??= []).push(loc);
          } else if (fullKey === SAMPLE_VALUE) {
            // repeated int64 value = 2 (unpacked)
            (value ??= []).push(r.int(end));
          } else {
            skipField(r, fullKey, end, SAMPLE_LAST_FIELD);
          }
          pos = r.pos;
        }
      }
      const valueLength = value === undefined ? 0 : value.length;
      if (valueLength !== valueCount) {
        throw new MalformedProfileError(`mismatch: sample has ${valueLength} values vs. ${valueCount} types`);
      }
      out[i] = { location: location ?? [], value: value ?? [], label: label ?? [] };
    }
  } catch (err) {
    throw withContext(err, `sample ${i}`);
  }
  return out;
}

// decodeLabel reads one Label message. Like Go's decoder it keeps a string
// label when str is set, a numeric one when num or num_unit is set, and
// drops a label with neither (it has nothing to say).
function decodeLabel(r: Reader, end: number, strings: string[]): Label | undefined {
  let keyX = 0;
  let strX = 0;
  let num = 0;
  let numUnitX = 0;
  while (r.pos < end) {
    const key = r.key(end);
    switch (key) {
      case LABEL_KEY: // int64 key = 1
        keyX = r.int(end);
        break;
      case LABEL_STR: // int64 str = 2
        strX = r.int(end);
        break;
      case LABEL_NUM: // int64 num = 3
        num = r.int(end);
        break;
      case LABEL_NUM_UNIT: // int64 num_unit = 4
        numUnitX = r.int(end);
        break;
      default:
        skipField(r, key, end, LABEL_LAST_FIELD);
    }
  }
  const key = stringAt(strings, keyX);
  if (strX !== 0) return { key, str: stringAt(strings, strX) };
  if (num !== 0 || numUnitX !== 0) return { key, num, numUnit: stringAt(strings, numUnitX) };
  return undefined;
}
