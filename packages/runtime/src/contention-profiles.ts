// The block and mutex profiles in Go's formats: profile.proto with
// `contentions/count` and `delay/nanoseconds`, and the debug=1 text
// (`--- contention:` or `--- mutex:`, `cycles/second=`, then
// `CYCLES COUNT @ ...` records, most delay first). fluoro measures delays in
// nanoseconds, so its "cycles" run at 1 GHz and equal nanoseconds.

import { emptyProfile, PROFILE_TEXT_TABS, tabwrite, encodeProfile, type Profile } from '@fluoro/profile';
import { FrameTable } from './frames.js';
import { contentionRecords, setMutexProfileFraction, type ContentionRecord } from './loop-waits.js';
import { writeAll, type RenderableProfile, type WriteOptions } from './registry.js';
import { formatStackRecord } from './stack-text.js';

/** CYCLES_PER_SECOND is the rate of fluoro's delay clock: one cycle per nanosecond. */
export const CYCLES_PER_SECOND = 1_000_000_000;

type Which = 'block' | 'mutex';

/** contentionProfile is the registry entry for `block` or `mutex`. */
function contentionProfile(which: Which): RenderableProfile {
  const profile: RenderableProfile = {
    name: which,
    count: () => contentionRecords(which).length,
    async writeTo(stream: NodeJS.WritableStream, options: WriteOptions = {}) {
      await writeAll(stream, profile.render(options.debug ?? 0));
    },
    async collect() {
      return contentionProfileData(sorted(which), period(which), Date.now());
    },
    render(debug: number): Uint8Array | string {
      if (debug >= 1) return contentionProfileText(which, sorted(which), setMutexProfileFraction(-1));
      return encodeProfile(contentionProfileData(sorted(which), period(which), Date.now()));
    },
  };
  return profile;
}

/** blockProfile is the registry entry for `block`. */
export const blockProfile = contentionProfile('block');

/** mutexProfile is the registry entry for `mutex`. */
export const mutexProfile = contentionProfile('mutex');

// period is Go's scale for the proto: the mutex fraction (only one in that
// many events was kept), 1 for block (its sampling corrects itself).
function period(which: Which): number {
  return which === 'mutex' ? Math.max(1, setMutexProfileFraction(-1)) : 1;
}

function sorted(which: Which): ContentionRecord[] {
  return contentionRecords(which).sort((a, b) => b.delayNanos - a.delayNanos);
}

/** contentionProfileData builds the proto form; counts and delays are multiplied by `period`, as Go's scaleMutexProfile does. */
export function contentionProfileData(records: ContentionRecord[], period: number, now: number): Profile {
  const table = new FrameTable();
  const countType = { type: 'contentions', unit: 'count' };
  return {
    ...emptyProfile([countType, { type: 'delay', unit: 'nanoseconds' }]),
    sample: records.map((r) => ({
      location: r.stack.map((f) => table.locationFor(f)),
      value: [Math.trunc(r.count) * period, Math.trunc(r.delayNanos * period)],
      label: [],
    })),
    location: table.locations,
    function: table.functions,
    timeNanos: now * 1e6,
    periodType: countType,
    period: 1,
  };
}

/** contentionProfileText writes Go's debug=1 text with raw (unscaled) values; `fraction` is the mutex sampling setting it names. */
export function contentionProfileText(which: Which, records: ContentionRecord[], fraction: number): string {
  const table = new FrameTable();
  let out = `--- ${which === 'block' ? 'contention' : 'mutex'}:\ncycles/second=${CYCLES_PER_SECOND}\n`;
  if (which === 'mutex') out += `sampling period=${fraction}\n`;
  for (const r of records) out += formatStackRecord(`${Math.trunc(r.delayNanos)} ${Math.trunc(r.count)}`, r.stack, table);
  return tabwrite(out, PROFILE_TEXT_TABS);
}
