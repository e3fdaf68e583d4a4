// The runtime's frame table: @fluoro/profile's V8FrameTable with the
// thread's shared source mapper, so frames in transpiled or bundled code are
// mapped to the original file, line and function name before any profile
// leaves the process, and every pprof client shows `.ts` sources. One mapper
// per thread: each script and each position is mapped once per process, not
// once per profile or sample.

import { SourceMapper, V8FrameTable, frameFile, frameName, type V8Frame } from '@fluoro/profile';

export { frameFile, frameName };

/** Frame is a V8 frame plus, when known, the 1-based line (and column) executing in it (otherwise the function's definition line is used). */
export type Frame = V8Frame;

// Scripts do not change under a running process, so the cache lives as long
// as the thread. FLUORO_SOURCE_MAPS=0 keeps generated positions.
let shared: SourceMapper | undefined;
/** sharedMapper is the thread's source mapper, undefined when mapping is turned off. */
export function sharedMapper(): SourceMapper | undefined {
  if (process.env.FLUORO_SOURCE_MAPS === '0') return undefined;
  return (shared ??= new SourceMapper());
}

/** FrameTableOptions chooses how frames are mapped to original sources. */
export interface FrameTableOptions {
  /** The source mapper to use; false keeps generated positions. Defaults to the thread's shared mapper. */
  sourceMaps?: SourceMapper | false;
}

/** FrameTable interns functions and locations for one profile being built. */
export class FrameTable extends V8FrameTable {
  constructor(options: FrameTableOptions = {}) {
    super(options.sourceMaps === false ? undefined : (options.sourceMaps ?? sharedMapper()));
  }
}
