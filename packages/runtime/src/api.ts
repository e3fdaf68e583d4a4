// The programmatic API with Go's runtime/pprof names, for the calling thread.

import { encodeProfile } from '@fluoro/profile';
import { FluoroError } from './errors.js';
import { byName, writeAll, type PprofProfile } from './registry.js';
import { threadProfiles } from './thread-profiles.js';
import { defaultRuntime } from './runtime.js';

let cpuTarget: NodeJS.WritableStream | undefined;

/** startCpuProfile starts profiling this thread; stopCpuProfile writes the profile to `stream`. */
export async function startCpuProfile(stream: NodeJS.WritableStream, options: { intervalMicros?: number } = {}): Promise<void> {
  if (cpuTarget !== undefined) throw new FluoroError('ERR_CPU_PROFILE_IN_USE', 'cpu profiling already in use');
  await defaultRuntime().cpu.start(options);
  cpuTarget = stream;
}

/** stopCpuProfile stops the profile started by startCpuProfile and writes it (gzipped profile.proto); the stream is left open. */
export async function stopCpuProfile(): Promise<void> {
  const stream = cpuTarget;
  if (stream === undefined) return;
  cpuTarget = undefined;
  const profile = await defaultRuntime().cpu.stop();
  await writeAll(stream, encodeProfile(profile));
}

/** writeHeapProfile writes the heap profile (gzipped profile.proto) to a stream, read from the sampler now. */
export async function writeHeapProfile(stream: NodeJS.WritableStream): Promise<void> {
  // A program asks for this once, at a point it chose; a scraper's earlier read would not describe it.
  await lookup('heap')!.writeTo(stream, { debug: 0, fresh: true });
}

const BUILT_IN = new Set(['allocs', 'heap']);

/** lookup returns the named profile (heap, allocs or a custom one), or undefined. */
export function lookup(name: string): PprofProfile | undefined {
  // Only the built-in profiles need this thread's profilers started.
  return BUILT_IN.has(name) ? defaultRuntime().registry.lookup(name) : threadProfiles().lookup(name);
}

/** profiles returns all named profiles, sorted by name. */
export function profiles(): PprofProfile[] {
  return [...defaultRuntime().registry.profiles(), ...threadProfiles().profiles()].sort(byName);
}
