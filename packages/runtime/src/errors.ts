// Typed errors of the runtime, each with a stable code.

/** FluoroErrorCode lists the runtime's failure modes. */
export type FluoroErrorCode =
  | 'ERR_CPU_PROFILE_IN_USE'
  | 'ERR_CPU_PROFILE_NOT_RUNNING'
  | 'ERR_LISTEN_CONFIG'
  | 'ERR_TRACE_IN_USE'
  | 'ERR_TRACE_UNRESPONSIVE'
  | 'ERR_TRACE_DATA'
  | 'ERR_TRACE_UNAVAILABLE';

/** FluoroError is thrown by the runtime's API. */
export class FluoroError extends Error {
  readonly code: FluoroErrorCode;
  constructor(code: FluoroErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FluoroError';
    this.code = code;
  }
}
