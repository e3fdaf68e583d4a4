// The environment variable that tells fluoro run's preload where to write;
// its own module so that the command can name it without loading the preload.

/** RUN_DIR_ENV names the folder the preload writes to. */
export const RUN_DIR_ENV = 'FLUORO_RUN_DIR';
