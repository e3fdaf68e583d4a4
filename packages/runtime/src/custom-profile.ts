// Custom profiles, Go's pprof.NewProfile: a set of live values, each with
// the stack that added it, e.g. open database connections. The profile
// answers "who holds these right now" grouped by stack.

import { encodeProfile } from '@fluoro/profile';
import { countProfileData, countProfileText, type StackEntry } from './count-profile.js';
import type { Frame } from './frames.js';
import { writeAll, type RenderableProfile, type WriteOptions } from './registry.js';
import { captureStack } from './stack-capture.js';

/** CustomProfile is a profile of live values created by newProfile. */
export class CustomProfile implements RenderableProfile {
  private readonly entries = new Map<unknown, Frame[]>();

  constructor(
    readonly name: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * add records value with the stack of add's caller, minus `skip` more frames
   * (Go's documented meaning; Go 1.19 itself puts Add as the leaf for skip=0).
   * A value already present is an error, as in Go.
   */
  add(value: unknown, skip = 0): void {
    if (!Number.isInteger(skip) || skip < 0) throw new TypeError(`skip must be a non-negative integer, got ${skip}`);
    if (this.entries.has(value)) throw new Error('pprof: Profile.Add of duplicate value');
    this.entries.set(value, captureStack(skip + 1));
  }

  /** remove forgets value; removing a value that is not there does nothing. */
  remove(value: unknown): void {
    this.entries.delete(value);
  }

  /** count is the number of values in the profile. */
  count(): number {
    return this.entries.size;
  }

  /** writeTo writes the profile: gzipped proto, or Go's count-profile text for debug >= 1. */
  async writeTo(stream: NodeJS.WritableStream, options: WriteOptions = {}): Promise<void> {
    await writeAll(stream, this.render(options.debug ?? 0));
  }

  /** render returns what writeTo writes; synchronous, so another thread can ask for it. */
  render(debug: number): Uint8Array | string {
    return debug === 0
      ? encodeProfile(countProfileData(this.name, this.stackEntries(), this.now()))
      : countProfileText(this.name, this.stackEntries());
  }

  private stackEntries(): StackEntry[] {
    return [...this.entries.values()].map((stack) => ({ stack, labels: {} }));
  }
}
