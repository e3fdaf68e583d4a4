// Go's Profile.compatible, the check both merge and -normalize make before
// they combine two profiles: equal period types and equal sample types.

import { ProfileError } from '../errors.js';
import type { ValueType } from '../model.js';

/** ProfileTypes is the part of a profile that compatible compares. */
export interface ProfileTypes {
  periodType?: ValueType;
  sampleType: ValueType[];
}

/** goValueType prints a ValueType as Go's %v does. */
export function goValueType(t: ValueType | undefined): string {
  return t ? `{${t.type} ${t.unit} 0 0}` : '<nil>';
}

/**
 * compatible throws a ProfileError (code ERR_PROFILE_INCOMPATIBLE) unless a
 * and b have the same period and sample types.
 * Go prints the period types as pointers ("&{cpu nanoseconds 0 0}"); the
 * sample type lists it prints as addresses, which are spelled out here.
 */
export function compatible(a: ProfileTypes, b: ProfileTypes): void {
  const pa = a.periodType ?? { type: '', unit: '' };
  const pb = b.periodType ?? { type: '', unit: '' };
  if (pa.type !== pb.type || pa.unit !== pb.unit) {
    throw new ProfileError('ERR_PROFILE_INCOMPATIBLE', `incompatible period types &${goValueType(a.periodType)} and &${goValueType(b.periodType)}`);
  }
  const list = (p: ProfileTypes) => '[' + p.sampleType.map(goValueType).join(' ') + ']';
  if (a.sampleType.length !== b.sampleType.length ||
      a.sampleType.some((t, i) => t.type !== b.sampleType[i].type || t.unit !== b.sampleType[i].unit)) {
    throw new ProfileError('ERR_PROFILE_INCOMPATIBLE', `incompatible sample types ${list(a)} and ${list(b)}`);
  }
}
