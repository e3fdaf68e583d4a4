// Typed errors for everything that reads or combines profiles. The code is stable for
// programs; the message chains lower-case context the way Go's errors do.

/** ProfileErrorCode lists the ways reading or combining profiles can fail. */
export type ProfileErrorCode =
  | 'ERR_PROFILE_TRUNCATED'
  | 'ERR_PROFILE_WIRE_TYPE'
  | 'ERR_PROFILE_TOO_LARGE'
  | 'ERR_PROFILE_INVALID'
  | 'ERR_PROFILE_GZIP'
  /** Profiles that cannot be merged: their period or sample types differ. */
  | 'ERR_PROFILE_INCOMPATIBLE'
  /** A valid 64-bit value that a JavaScript number cannot hold exactly (an id or value above 2^53). */
  | 'ERR_PROFILE_RANGE';

/** ProfileError is thrown by the codec, by validation and by merge. */
export class ProfileError extends Error {
  readonly code: ProfileErrorCode;
  constructor(code: ProfileErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProfileError';
    this.code = code;
  }
}
