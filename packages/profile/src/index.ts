// @fluoro/profile: the pprof profile model, its profile.proto codec, the
// importers of other formats, and the operations on profiles (merge, scale,
// filter, aggregate, diff, compact) over a working model with samples in
// columns. Everything here runs on node: built-ins only, so the runtime
// package can load it into production processes.

export type { Label, Line, Location, Mapping, Profile, ProfileFunction, Sample, ValueType } from './model.js';
export { emptyProfile } from './model.js';
export { ProfileError } from './errors.js';
export type { ProfileErrorCode } from './errors.js';
export { decodeProfile, DEFAULT_MAX_BYTES } from './decode.js';
export type { DecodeOptions } from './decode.js';
export { encodeProfile } from './encode.js';
export type { EncodeOptions } from './encode.js';
export { checkValid } from './validate.js';
export { toCollapsed, parseCollapsed } from './collapsed.js';
export { SourceMapper, scriptPath, type SourceMapperOptions } from './v8-source-map.js';
export type { MappedFunction, MappedLine } from './v8-source-map.js';
export { V8FrameTable, frameFile, frameName } from './v8-frames.js';
export type { V8CallFrame, V8Frame } from './v8-frames.js';
export { callTree, cpuProfileOf, nodeSamples, parseCpuProfile, tickMicros, toCpuProfile } from './v8-cpuprofile.js';
export type { CpuProfileParts, V8CallTree, V8CpuProfile, V8CpuProfileNode, V8ReadOptions, CpuProfileWriteOptions } from './v8-cpuprofile.js';
export { parseHeapProfile } from './v8-heapprofile.js';
export type { V8HeapProfile, V8HeapNode } from './v8-heapprofile.js';
export { isV8Json, parseV8Profile } from './v8-format.js';
export { PROFILE_TEXT_TABS, tabwrite, type TabwriterOptions } from './tabwriter.js';
export { isLoopback } from './loopback.js';

// The working model and its operations, as Go's profile package has them.
export type { LoadedProfile, SampleColumns } from './columns.js';
export { columnsOf, copyFrames, newColumns, selectSamples } from './columns.js';
export type { SampleSelection } from './columns.js';
export { groupLabels, hasLabels, labelsKey, mapLabels, NO_LABELS, ungroupLabels } from './sample-labels.js';
export type { SampleLabels } from './sample-labels.js';
export { decodeColumns } from './decode-columns.js';
export { inflateProfile, loadProfile } from './load.js';
export type { WProfile } from './ops/working-model.js';
export { loadedOf, toProfile } from './ops/convert.js';
export { merge } from './ops/merge.js';
export type { MergeOptions } from './ops/merge.js';
export { mergeSideBySide, type LabelledPart } from './ops/side-by-side.js';
export { compact, diff } from './ops/diff.js';
export { compatible, goValueType } from './ops/compatible.js';
export type { ProfileTypes } from './ops/compatible.js';
export { normalize, scaleBy, scaleColumns, scaleN, setLabel } from './ops/scale.js';
export { filterSamplesByName, pruneFrom, showFrom } from './ops/filter.js';
export type { NameFilters } from './ops/filter.js';
export { filterSamplesByTag, filterTagsByName } from './ops/tag-filter.js';
export type { TagMatch } from './ops/tag-filter.js';
export { aggregate } from './ops/aggregate.js';
export type { Granularity } from './ops/aggregate.js';
export { copyProfile } from './ops/copy.js';
export { finishHash, HASH_SEED, hashSlots, mixAddress, mixHash } from './hash-table.js';
export { WAIT_TYPES, type TraceDropped, type TraceEvent, type Wait, type WaitType } from './trace-file.js';
