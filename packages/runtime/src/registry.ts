// Go's profile registry: named profiles that the endpoint lists and serves.

import type { Profile } from '@fluoro/profile';

/** ReadOptions say how current a profile must be. */
export interface ReadOptions {
  /** fresh makes a profile that answers from an earlier read of its source (heap, allocs) read it anew. */
  fresh?: boolean;
}

/** WriteOptions selects the output format: 0 is gzipped profile.proto, 1 and up are Go's text formats. */
export interface WriteOptions extends ReadOptions {
  debug?: number;
}

/** PprofProfile is a named profile, like Go's *pprof.Profile. */
export interface PprofProfile {
  readonly name: string;
  /** count is the number of records, as shown on the index page. */
  count(): number;
  /** writeTo writes the profile to a stream without ending it. */
  writeTo(stream: NodeJS.WritableStream, options?: WriteOptions): Promise<void>;
  /** collect returns the profile as data; profiles that have it support delta (`seconds`) requests. */
  collect?(options?: ReadOptions): Promise<Profile>;
}

/** RenderableProfile can produce its bytes synchronously, which lets fluoro/listen's worker read it through the inspector. */
export interface RenderableProfile extends PprofProfile {
  render(debug: number): Uint8Array | string;
}

/** ProfileRegistry holds profiles by name. */
export class ProfileRegistry {
  private readonly byName = new Map<string, PprofProfile>();

  /** add registers a profile; the name must be non-empty and unused. */
  add(profile: PprofProfile): void {
    if (profile.name === '') throw new TypeError('profile name must not be empty');
    if (this.byName.has(profile.name)) throw new TypeError(`pprof: NewProfile name already in use: ${profile.name}`);
    this.byName.set(profile.name, profile);
  }

  /** lookup returns the named profile, or undefined. */
  lookup(name: string): PprofProfile | undefined {
    return this.byName.get(name);
  }

  /** profiles returns every profile sorted by name. */
  profiles(): PprofProfile[] {
    return [...this.byName.values()].sort(byName);
  }
}

/** byName orders profiles by name, as Go's pprof.Profiles does. */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** writeAll writes a chunk and waits until the stream accepts more. */
export function writeAll(stream: NodeJS.WritableStream, chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = stream.write(chunk, (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else stream.once('drain', () => resolve());
  });
}
