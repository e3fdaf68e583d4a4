// What every endpoint handler receives besides the request.

import type { Runtime } from '../runtime.js';

/** EndpointContext carries the runtime and the endpoint's limits to the handlers. */
export interface EndpointContext {
  runtime: Runtime;
  /** Go's http.Server WriteTimeout: durations at or above it are refused. 0 means none. */
  writeTimeoutSeconds: number;
  /** The longest profile the endpoint will take, in seconds. */
  maxSeconds: number;
  warn: (message: string) => void;
}
