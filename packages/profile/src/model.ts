// The resolved pprof data model: what profile.proto describes, with ids and
// string-table indices replaced by references and strings. The codec is the
// only place that knows about string tables; everything above it works on
// these plain objects.
//
// Numbers: sample values, ids, line numbers and times are JavaScript numbers;
// the decoder refuses (with a ProfileError) any that cannot be held exactly,
// except time_nanos, which every real profile has above 2^53: it is kept
// exactly in timeNanosExact beside the nearest number in timeNanos.
// Addresses and mapping bounds are bigint because real 64-bit addresses
// routinely exceed 2^53.

/** ValueType names the type and unit of one sample value, e.g. cpu/nanoseconds. */
export interface ValueType {
  type: string;
  unit: string;
}

/** Label is a key with either a string value or a numeric value and unit. */
export interface Label {
  key: string;
  /** Set for string labels; undefined for numeric ones. */
  str?: string;
  /** Set for numeric labels; undefined for string ones. */
  num?: number;
  /** Unit of a numeric label (e.g. "bytes"); empty when not given. */
  numUnit?: string;
}

/** Sample is one stack with its values, leaf location first. */
export interface Sample {
  location: Location[];
  value: number[];
  label: Label[];
}

/** Mapping is a region of the address space (a binary or a script). */
export interface Mapping {
  id: number;
  memoryStart: bigint;
  memoryLimit: bigint;
  fileOffset: bigint;
  filename: string;
  buildId: string;
  hasFunctions: boolean;
  hasFilenames: boolean;
  hasLineNumbers: boolean;
  hasInlineFrames: boolean;
}

/** Line is one source position; several lines in a location are inlined frames, innermost first. */
export interface Line {
  function: ProfileFunction;
  line: number;
  /** Column, from profile.proto's newer `column` field; 0 when absent. */
  column: number;
}

/** Location is one program counter and the source lines it stands for. */
export interface Location {
  id: number;
  mapping?: Mapping;
  address: bigint;
  line: Line[];
  isFolded: boolean;
}

/** ProfileFunction is a source-level function. */
export interface ProfileFunction {
  id: number;
  name: string;
  systemName: string;
  filename: string;
  startLine: number;
}

/** Profile is a whole decoded profile.proto message. */
export interface Profile {
  sampleType: ValueType[];
  sample: Sample[];
  mapping: Mapping[];
  location: Location[];
  function: ProfileFunction[];
  dropFrames: string;
  keepFrames: string;
  timeNanos: number;
  /**
   * timeNanosExact is time_nanos to the nanosecond, set by the decoder only
   * when timeNanos cannot hold it: a Unix time in nanoseconds is above 2^53,
   * so the number is off by up to a few hundred nanoseconds. The encoder
   * writes it instead of timeNanos while the two still agree.
   */
  timeNanosExact?: bigint;
  durationNanos: number;
  periodType?: ValueType;
  period: number;
  comment: string[];
  /** The sample type pprof shows by default; empty means the last one. */
  defaultSampleType: string;
}

/** emptyProfile returns a profile with no samples and the given sample types. */
export function emptyProfile(sampleType: ValueType[]): Profile {
  return {
    sampleType,
    sample: [],
    mapping: [],
    location: [],
    function: [],
    dropFrames: '',
    keepFrames: '',
    timeNanos: 0,
    durationNanos: 0,
    period: 0,
    comment: [],
    defaultSampleType: '',
  };
}
