// encodeProfile: the resolved model to profile.proto bytes, gzipped by
// default like every profile Go writes.
//
// This is pprof's preEncode + encode pair in one pass: strings are interned
// into the string table as the messages that use them are written (index 0
// is always ""), and objects are written by their ids. Fields come in Go's
// order, with the string table after the messages and before the scalars
// that refer to it; repeated numbers are packed; zero scalars are left out.
// The profile is checked first (checkValid), so a profile that would decode
// to something else, or not at all, is refused instead of written.

import { ProfileError } from './errors.js';
import {
  FunctionField,
  LabelField,
  LineField,
  LocationField,
  MappingField,
  ProfileField,
  SampleField,
  ValueTypeField,
} from './fields.js';
import { gzip } from './gzip.js';
import type { Profile, ValueType } from './model.js';
import { checkValid } from './validate.js';
import { Writer } from './writer.js';

/** EncodeOptions tunes encodeProfile. */
export interface EncodeOptions {
  /** Gzip the output, as Go does; default true. */
  gzip?: boolean;
}

/** encodeProfile serializes a profile to profile.proto bytes, gzipped unless options.gzip is false. */
export function encodeProfile(profile: Profile, options: EncodeOptions = {}): Uint8Array {
  const compress = options.gzip ?? true;
  if (typeof compress !== 'boolean') throw new TypeError(`encodeProfile: gzip must be a boolean, got ${String(compress)}`);
  let raw: Uint8Array;
  try {
    checkValid(profile);
    raw = marshal(profile);
  } catch (err) {
    if (err instanceof ProfileError) {
      throw new ProfileError(err.code, `encoding profile: ${err.message}`, { cause: err });
    }
    throw err;
  }
  return compress ? gzip(raw) : raw;
}

// StringTable interns strings in first-use order, with "" at index 0.
class StringTable {
  readonly list: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);

  add(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      if (typeof s !== 'string') {
        throw new ProfileError('ERR_PROFILE_INVALID', `string expected, got ${typeof s}`);
      }
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

function marshal(p: Profile): Uint8Array {
  const strings = new StringTable();
  const w = new Writer(estimateSize(p));

  // repeated ValueType sample_type = 1
  for (const st of p.sampleType) writeValueType(w, ProfileField.sampleType, st, strings);

  // repeated Sample sample = 2
  for (let i = 0; i < p.sample.length; i++) {
    const s = p.sample[i];
    const start = w.beginMessage(ProfileField.sample);
    const locs = s.location;
    if (locs.length > 0) {
      // repeated uint64 location_id = 1, packed: a length-delimited field like a message
      const packed = w.beginMessage(SampleField.locationId);
      w.ensure(locs.length * 3);
      for (let k = 0; k < locs.length; k++) {
        const id = locs[k].id;
        // Whole ids below 2^21 (the mask test is false for fractions and
        // NaN) take at most three bytes, room ensured above; anything else
        // goes through the checked path.
        if ((id & 0x1fffff) === id) {
          w.smallUint(id);
        } else {
          w.uint(id, 'location id');
        }
      }
      w.endMessage(packed);
    }
    w.packedInts(SampleField.value, s.value, 'sample value'); // repeated int64 value = 2
    for (const l of s.label) {
      // repeated Label label = 3
      const ls = w.beginMessage(SampleField.label);
      w.intField(LabelField.key, strings.add(l.key), 'label key');
      if (l.str !== undefined) {
        w.intField(LabelField.str, strings.add(l.str), 'label str');
      } else {
        w.intField(LabelField.num, l.num ?? 0, 'label num');
        w.intField(LabelField.numUnit, strings.add(l.numUnit ?? ''), 'label num_unit');
      }
      w.endMessage(ls);
    }
    w.endMessage(start);
  }

  // repeated Mapping mapping = 3
  for (const m of p.mapping) {
    const start = w.beginMessage(ProfileField.mapping);
    w.uintField(MappingField.id, m.id, 'mapping id');
    w.bigUintField(MappingField.memoryStart, m.memoryStart, 'mapping memory_start');
    w.bigUintField(MappingField.memoryLimit, m.memoryLimit, 'mapping memory_limit');
    w.bigUintField(MappingField.fileOffset, m.fileOffset, 'mapping file_offset');
    w.intField(MappingField.filename, strings.add(m.filename), 'mapping filename');
    w.intField(MappingField.buildId, strings.add(m.buildId), 'mapping build_id');
    w.boolField(MappingField.hasFunctions, m.hasFunctions);
    w.boolField(MappingField.hasFilenames, m.hasFilenames);
    w.boolField(MappingField.hasLineNumbers, m.hasLineNumbers);
    w.boolField(MappingField.hasInlineFrames, m.hasInlineFrames);
    w.endMessage(start);
  }

  // repeated Location location = 4
  for (const l of p.location) {
    const start = w.beginMessage(ProfileField.location);
    w.uintField(LocationField.id, l.id, 'location id');
    if (l.mapping != null) w.uintField(LocationField.mappingId, l.mapping.id, 'location mapping_id');
    w.bigUintField(LocationField.address, l.address, 'location address');
    for (const ln of l.line) {
      const ls = w.beginMessage(LocationField.line);
      w.uintField(LineField.functionId, ln.function.id, 'line function_id');
      w.intField(LineField.line, ln.line, 'line line');
      w.intField(LineField.column, ln.column ?? 0, 'line column');
      w.endMessage(ls);
    }
    w.boolField(LocationField.isFolded, l.isFolded);
    w.endMessage(start);
  }

  // repeated Function function = 5
  for (const f of p.function) {
    const start = w.beginMessage(ProfileField.function);
    w.uintField(FunctionField.id, f.id, 'function id');
    w.intField(FunctionField.name, strings.add(f.name), 'function name');
    w.intField(FunctionField.systemName, strings.add(f.systemName), 'function system_name');
    w.intField(FunctionField.filename, strings.add(f.filename), 'function filename');
    w.intField(FunctionField.startLine, f.startLine, 'function start_line');
    w.endMessage(start);
  }

  // The scalars that name strings are interned before the table is written.
  const dropFramesX = strings.add(p.dropFrames);
  const keepFramesX = strings.add(p.keepFrames);
  const periodTypeX = p.periodType ? [strings.add(p.periodType.type), strings.add(p.periodType.unit)] : undefined;
  const commentX = p.comment.map((c) => strings.add(c));
  const defaultSampleTypeX = strings.add(p.defaultSampleType);

  // repeated string string_table = 6
  for (const s of strings.list) w.stringField(ProfileField.stringTable, s);

  w.intField(ProfileField.dropFrames, dropFramesX, 'drop_frames'); // int64 drop_frames = 7
  w.intField(ProfileField.keepFrames, keepFramesX, 'keep_frames'); // int64 keep_frames = 8
  writeTimeNanos(w, p); // int64 time_nanos = 9
  w.intField(ProfileField.durationNanos, p.durationNanos, 'duration_nanos'); // int64 duration_nanos = 10
  if (periodTypeX) {
    // ValueType period_type = 11. Written even when both strings are empty,
    // so that a present period type decodes as present.
    const start = w.beginMessage(ProfileField.periodType);
    w.intField(ValueTypeField.type, periodTypeX[0], 'period_type type');
    w.intField(ValueTypeField.unit, periodTypeX[1], 'period_type unit');
    w.endMessage(start);
  }
  w.intField(ProfileField.period, p.period, 'period'); // int64 period = 12
  w.packedInts(ProfileField.comment, commentX, 'comment'); // repeated int64 comment = 13
  w.intField(ProfileField.defaultSampleType, defaultSampleTypeX, 'default_sample_type'); // int64 default_sample_type = 14
  return w.finish();
}

// writeTimeNanos writes the exact time when the decoder left one that still
// matches timeNanos (nobody changed the time since), else timeNanos itself,
// which above 2^53 is a whole number of nanoseconds that BigInt keeps exact.
function writeTimeNanos(w: Writer, p: Profile): void {
  const exact = p.timeNanosExact;
  if (exact !== undefined && Number(exact) === p.timeNanos) {
    w.bigIntField(ProfileField.timeNanos, exact, 'time_nanos');
  } else if (Number.isSafeInteger(p.timeNanos)) {
    w.intField(ProfileField.timeNanos, p.timeNanos, 'time_nanos');
  } else if (Number.isInteger(p.timeNanos)) {
    w.bigIntField(ProfileField.timeNanos, BigInt(p.timeNanos), 'time_nanos');
  } else {
    throw new ProfileError('ERR_PROFILE_INVALID', `time_nanos must be an integer, got ${p.timeNanos}`);
  }
}

function writeValueType(w: Writer, field: number, vt: ValueType, strings: StringTable): void {
  const start = w.beginMessage(field);
  w.intField(ValueTypeField.type, strings.add(vt.type), 'value type type'); // int64 type = 1
  w.intField(ValueTypeField.unit, strings.add(vt.unit), 'value type unit'); // int64 unit = 2
  w.endMessage(start);
}

// estimateSize guesses the encoded size so that the buffer rarely grows:
// a sample is about two bytes per frame plus its values and framing.
function estimateSize(p: Profile): number {
  let n = 1024;
  for (let i = 0; i < p.sample.length; i++) n += 8 + 2 * p.sample[i].location.length + 4 * p.sample[i].value.length;
  return n + 32 * p.location.length + 16 * p.function.length;
}
