// Field numbers and wire types of profile.proto (github.com/google/pprof,
// proto/profile.proto). The decoder and the encoder name every field through
// these tables so that no bare tag number appears in the codec; the keys the
// decoders match on the wire are made from them here, once.

/** WireType holds the protobuf wire types the codec reads and writes. */
export const WireType = {
  varint: 0,
  fixed64: 1,
  bytes: 2,
  startGroup: 3,
  endGroup: 4,
  fixed32: 5,
} as const;

/** fieldKey is the key that precedes a field on the wire: its number and wire type in one varint. */
export function fieldKey(field: number, wireType: number): number {
  return (field << 3) | wireType;
}

/** ProfileField numbers the fields of message Profile. */
export const ProfileField = {
  sampleType: 1, // repeated ValueType sample_type = 1
  sample: 2, // repeated Sample sample = 2
  mapping: 3, // repeated Mapping mapping = 3
  location: 4, // repeated Location location = 4
  function: 5, // repeated Function function = 5
  stringTable: 6, // repeated string string_table = 6
  dropFrames: 7, // int64 drop_frames = 7
  keepFrames: 8, // int64 keep_frames = 8
  timeNanos: 9, // int64 time_nanos = 9
  durationNanos: 10, // int64 duration_nanos = 10
  periodType: 11, // ValueType period_type = 11
  period: 12, // int64 period = 12
  comment: 13, // repeated int64 comment = 13
  defaultSampleType: 14, // int64 default_sample_type = 14
  docUrl: 15, // int64 doc_url = 15 (not in the model; skipped)
} as const;

/** ValueTypeField numbers the fields of message ValueType. */
export const ValueTypeField = {
  type: 1, // int64 type = 1
  unit: 2, // int64 unit = 2
} as const;

/** SampleField numbers the fields of message Sample. */
export const SampleField = {
  locationId: 1, // repeated uint64 location_id = 1
  value: 2, // repeated int64 value = 2
  label: 3, // repeated Label label = 3
} as const;

/** LabelField numbers the fields of message Label. */
export const LabelField = {
  key: 1, // int64 key = 1
  str: 2, // int64 str = 2
  num: 3, // int64 num = 3
  numUnit: 4, // int64 num_unit = 4
} as const;

/** MappingField numbers the fields of message Mapping. */
export const MappingField = {
  id: 1, // uint64 id = 1
  memoryStart: 2, // uint64 memory_start = 2
  memoryLimit: 3, // uint64 memory_limit = 3
  fileOffset: 4, // uint64 file_offset = 4
  filename: 5, // int64 filename = 5
  buildId: 6, // int64 build_id = 6
  hasFunctions: 7, // bool has_functions = 7
  hasFilenames: 8, // bool has_filenames = 8
  hasLineNumbers: 9, // bool has_line_numbers = 9
  hasInlineFrames: 10, // bool has_inline_frames = 10
} as const;

/** LocationField numbers the fields of message Location. */
export const LocationField = {
  id: 1, // uint64 id = 1
  mappingId: 2, // uint64 mapping_id = 2
  address: 3, // uint64 address = 3
  line: 4, // repeated Line line = 4
  isFolded: 5, // bool is_folded = 5
} as const;

/** LineField numbers the fields of message Line. */
export const LineField = {
  functionId: 1, // uint64 function_id = 1
  line: 2, // int64 line = 2
  column: 3, // int64 column = 3
} as const;

/** FunctionField numbers the fields of message Function. */
export const FunctionField = {
  id: 1, // uint64 id = 1
  name: 2, // int64 name = 2
  systemName: 3, // int64 system_name = 3
  filename: 4, // int64 filename = 4
  startLine: 5, // int64 start_line = 5
} as const;

// The keys the decoders match: each field's number with the wire type it
// comes in (bytes for a message, a string or a packed repeated number).
export const PROFILE_SAMPLE_TYPE = fieldKey(ProfileField.sampleType, WireType.bytes);
export const PROFILE_SAMPLE = fieldKey(ProfileField.sample, WireType.bytes);
export const PROFILE_MAPPING = fieldKey(ProfileField.mapping, WireType.bytes);
export const PROFILE_LOCATION = fieldKey(ProfileField.location, WireType.bytes);
export const PROFILE_FUNCTION = fieldKey(ProfileField.function, WireType.bytes);
export const PROFILE_STRING_TABLE = fieldKey(ProfileField.stringTable, WireType.bytes);
export const PROFILE_DROP_FRAMES = fieldKey(ProfileField.dropFrames, WireType.varint);
export const PROFILE_KEEP_FRAMES = fieldKey(ProfileField.keepFrames, WireType.varint);
export const PROFILE_TIME_NANOS = fieldKey(ProfileField.timeNanos, WireType.varint);
export const PROFILE_DURATION_NANOS = fieldKey(ProfileField.durationNanos, WireType.varint);
export const PROFILE_PERIOD_TYPE = fieldKey(ProfileField.periodType, WireType.bytes);
export const PROFILE_PERIOD = fieldKey(ProfileField.period, WireType.varint);
export const PROFILE_COMMENT = fieldKey(ProfileField.comment, WireType.varint);
export const PROFILE_COMMENT_PACKED = fieldKey(ProfileField.comment, WireType.bytes);
export const PROFILE_DEFAULT_SAMPLE_TYPE = fieldKey(ProfileField.defaultSampleType, WireType.varint);

export const VALUE_TYPE_TYPE = fieldKey(ValueTypeField.type, WireType.varint);
export const VALUE_TYPE_UNIT = fieldKey(ValueTypeField.unit, WireType.varint);

export const SAMPLE_LOCATION_ID = fieldKey(SampleField.locationId, WireType.varint);
export const SAMPLE_LOCATION_ID_PACKED = fieldKey(SampleField.locationId, WireType.bytes);
export const SAMPLE_VALUE = fieldKey(SampleField.value, WireType.varint);
export const SAMPLE_VALUE_PACKED = fieldKey(SampleField.value, WireType.bytes);
export const SAMPLE_LABEL = fieldKey(SampleField.label, WireType.bytes);

export const LABEL_KEY = fieldKey(LabelField.key, WireType.varint);
export const LABEL_STR = fieldKey(LabelField.str, WireType.varint);
export const LABEL_NUM = fieldKey(LabelField.num, WireType.varint);
export const LABEL_NUM_UNIT = fieldKey(LabelField.numUnit, WireType.varint);

export const MAPPING_ID = fieldKey(MappingField.id, WireType.varint);
export const MAPPING_MEMORY_START = fieldKey(MappingField.memoryStart, WireType.varint);
export const MAPPING_MEMORY_LIMIT = fieldKey(MappingField.memoryLimit, WireType.varint);
export const MAPPING_FILE_OFFSET = fieldKey(MappingField.fileOffset, WireType.varint);
export const MAPPING_FILENAME = fieldKey(MappingField.filename, WireType.varint);
export const MAPPING_BUILD_ID = fieldKey(MappingField.buildId, WireType.varint);
export const MAPPING_HAS_FUNCTIONS = fieldKey(MappingField.hasFunctions, WireType.varint);
export const MAPPING_HAS_FILENAMES = fieldKey(MappingField.hasFilenames, WireType.varint);
export const MAPPING_HAS_LINE_NUMBERS = fieldKey(MappingField.hasLineNumbers, WireType.varint);
export const MAPPING_HAS_INLINE_FRAMES = fieldKey(MappingField.hasInlineFrames, WireType.varint);

export const LOCATION_ID = fieldKey(LocationField.id, WireType.varint);
export const LOCATION_MAPPING_ID = fieldKey(LocationField.mappingId, WireType.varint);
export const LOCATION_ADDRESS = fieldKey(LocationField.address, WireType.varint);
export const LOCATION_LINE = fieldKey(LocationField.line, WireType.bytes);
export const LOCATION_IS_FOLDED = fieldKey(LocationField.isFolded, WireType.varint);

export const LINE_FUNCTION_ID = fieldKey(LineField.functionId, WireType.varint);
export const LINE_LINE = fieldKey(LineField.line, WireType.varint);
export const LINE_COLUMN = fieldKey(LineField.column, WireType.varint);

export const FUNCTION_ID = fieldKey(FunctionField.id, WireType.varint);
export const FUNCTION_NAME = fieldKey(FunctionField.name, WireType.varint);
export const FUNCTION_SYSTEM_NAME = fieldKey(FunctionField.systemName, WireType.varint);
export const FUNCTION_FILENAME = fieldKey(FunctionField.filename, WireType.varint);
export const FUNCTION_START_LINE = fieldKey(FunctionField.startLine, WireType.varint);

// The highest field number each message defines: a decoder treats a known
// field with an unexpected wire type as an error and skips an unknown one.
export const PROFILE_LAST_FIELD = ProfileField.defaultSampleType;
export const VALUE_TYPE_LAST_FIELD = ValueTypeField.unit;
export const SAMPLE_LAST_FIELD = SampleField.label;
export const LABEL_LAST_FIELD = LabelField.numUnit;
export const MAPPING_LAST_FIELD = MappingField.hasInlineFrames;
export const LOCATION_LAST_FIELD = LocationField.isFolded;
export const LINE_LAST_FIELD = LineField.column;
export const FUNCTION_LAST_FIELD = FunctionField.startLine;
