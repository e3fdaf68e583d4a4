// fluoro/trace: user annotations for execution traces, Go's runtime/trace
// in Node form. Tasks, regions and log messages recorded here show in the
// trace /debug/pprof/trace serves (docs/trace-format.md); while no trace
// runs each call costs one read of shared memory.

export { isEnabled, log, withRegion, withTask } from './trace/annotations.js';
