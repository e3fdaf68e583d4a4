// The environment variables that tell fluoro run's preload where to write
// and what to sample; their own module so that the command can name them
// without loading the preload.

/** RUN_DIR_ENV names the folder the preload writes to. */
export const RUN_DIR_ENV = 'FLUORO_RUN_DIR';

/** RUN_HEAP_ENV is "allocs" when the heap profile should count every allocation, not what is live at exit. */
export const RUN_HEAP_ENV = 'FLUORO_RUN_HEAP';
