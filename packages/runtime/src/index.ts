// fluoro: Go's runtime/pprof and net/http/pprof for Node.js.
// Importing this module has no side effects; profilers start on first use.

export { handler, type HandlerOptions, type PprofHandler } from './handler.js';
export { lookup, profiles, startCpuProfile, stopCpuProfile, writeHeapProfile } from './api.js';
export { newProfile } from './thread-profiles.js';
export { trackAsync, type TrackAsyncOptions } from './async-tracker.js';
export { setBlockProfileRate, setMutexProfileFraction } from './loop-waits.js';
export { withLabels, getLabels, type Labels } from './labels.js';
export type { CustomProfile } from './custom-profile.js';
export { FluoroError, type FluoroErrorCode } from './errors.js';
export type { PprofProfile, WriteOptions } from './registry.js';
