// The profiles that live on the application's thread: custom profiles
// (newProfile), goroutine (its async operations), threadcreate, block
// and mutex (its event-loop waits). fluoro/listen's worker
// reads them through the inspector (Runtime.evaluate of the hook below),
// which works even while the main thread is busy.

import { CustomProfile } from './custom-profile.js';
import { blockProfile, mutexProfile } from './contention-profiles.js';
import { goroutineProfile, threadcreateProfile } from './operation-profiles.js';
import { labelSpans, recordSpans, type LabelSpan } from './labels.js';
import { ProfileRegistry, type RenderableProfile } from './registry.js';
import { watchWorkerCreation } from './worker-creations.js';

const HOOK = Symbol.for('fluoro.mainProfiles');

/** BUILTIN_NAMES are Go's own profile names (and the endpoint's other paths), which newProfile refuses. */
const BUILTIN_NAMES = new Set(['allocs', 'block', 'cmdline', 'goroutine', 'heap', 'mutex', 'profile', 'symbol', 'threadcreate', 'trace']);

/** RenderedProfile is a profile as it crosses threads: text, or proto bytes in base64. */
export type RenderedProfile = { text: string } | { base64: string };

interface Hook {
  registry: ProfileRegistry;
  byName: Map<string, RenderableProfile>;
  list(): { name: string; count: number; delta: boolean }[];
  render(name: string, debug: number): RenderedProfile | null;
  spans(fromMicros: number, toMicros: number): LabelSpan[];
  recordSpans(on: boolean): void;
}

/** threadProfiles returns this thread's registry of goroutine and custom profiles, installing the cross-thread hook on first use. */
export function threadProfiles(): ProfileRegistry {
  const g = globalThis as { [HOOK]?: Hook };
  if (g[HOOK] === undefined) {
    const registry = new ProfileRegistry();
    const byName = new Map<string, RenderableProfile>();
    g[HOOK] = {
      registry,
      byName,
      list: () => registry.profiles().map((p) => ({ name: p.name, count: p.count(), delta: p.collect !== undefined })),
      render(name, debug) {
        const p = byName.get(name);
        if (p === undefined) return null;
        const out = p.render(debug);
        return typeof out === 'string' ? { text: out } : { base64: Buffer.from(out).toString('base64') };
      },
      spans: labelSpans,
      recordSpans,
    };
    watchWorkerCreation();
    addThreadProfile(goroutineProfile);
    addThreadProfile(threadcreateProfile);
    addThreadProfile(blockProfile);
    addThreadProfile(mutexProfile);
  }
  return g[HOOK].registry;
}

function addThreadProfile(profile: RenderableProfile): void {
  threadProfiles().add(profile);
  (globalThis as { [HOOK]?: Hook })[HOOK]!.byName.set(profile.name, profile);
}

/** newProfile creates and registers a custom profile; the name must be new and not one of Go's. */
export function newProfile(name: string): CustomProfile {
  if (typeof name !== 'string' || name === '') throw new TypeError('newProfile: name must be a non-empty string');
  if (BUILTIN_NAMES.has(name)) throw new TypeError(`pprof: NewProfile name already in use: ${name}`);
  const profile = new CustomProfile(name);
  addThreadProfile(profile);
  return profile;
}

/** HOOK_EXPRESSION evaluates, on the main thread, a call on the hook; `call` is e.g. `list()`. */
export function hookExpression(call: string): string {
  return `globalThis[Symbol.for('fluoro.mainProfiles')]?.${call} ?? null`;
}
