// Custom profiles, Go's pprof.NewProfile: a set of live values, each with
// the stack that added it, e.g. open database connections. The profile
// answers "who holds these right now" grouped by stack.

import { encodeProfile, emptyProfile, type Profile } from '@fluoro/profile';
import { FrameTable, type Frame } from './frames.js';
import { writeAll, type RenderableProfile, type WriteOptions } from './registry.js';
import { captureStack } from './stack-capture.js';
import { formatStackRecord } from './stack-text.js';
import { alignTabs } from './tabwriter.js';

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
    return debug === 0 ? encodeProfile(this.toProfile()) : this.toText();
  }

  private groups(): { frames: Frame[]; count: number }[] {
    const byKey = new Map<string, { frames: Frame[]; count: number }>();
    for (const frames of this.entries.values()) {
      const key = frames.map((f) => `${f.functionName}\0${f.url}\0${f.line}`).join('\n');
      const g = byKey.get(key) ?? { frames, count: 0 };
      g.count++;
      byKey.set(key, g);
    }
    // Go sorts by count, largest first; ties keep a stable order by stack.
    return [...byKey.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1)).map(([, g]) => g);
  }

  private toProfile(): Profile {
    const table = new FrameTable();
    const type = { type: this.name, unit: 'count' };
    return {
      ...emptyProfile([type]),
      sample: this.groups().map((g) => ({ location: g.frames.map((f) => table.locationFor(f)), value: [g.count], label: [] })),
      location: table.locations,
      function: table.functions,
      timeNanos: this.now() * 1e6,
      periodType: type,
      period: 1,
    };
  }

  private toText(): string {
    const table = new FrameTable();
    let out = `${this.name} profile: total ${this.entries.size}\n`;
    for (const g of this.groups()) out += formatStackRecord(String(g.count), g.frames, table);
    return alignTabs(out);
  }
}
