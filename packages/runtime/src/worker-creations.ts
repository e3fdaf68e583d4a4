// The threadcreate profile's data: every worker thread this thread created,
// with the stack that created it (cumulative, as Go's is). Node publishes
// each new Worker on the diagnostics channel `worker_threads` from inside
// its constructor, so the stack there is the creator's: no async hook, and
// no cost until a worker is made. Workers are counted by stack and labels,
// so an app that starts a worker per job keeps one entry per call site.

import { subscribe } from 'node:diagnostics_channel';
import type { AsyncOperation } from './async-tracker.js';
import { getLabels } from './labels.js';
import { entryKey } from './count-profile.js';
import { captureUserStack } from './stack-capture.js';

const created = new Map<string, AsyncOperation & { weight: number }>();
let watching = false;

/** watchWorkerCreation starts recording the workers this thread creates from now on; calling it again does nothing. */
export function watchWorkerCreation(): void {
  if (watching) return;
  watching = true;
  subscribe('worker_threads', onWorker);
}

function onWorker(): void {
  // This runs inside the application's `new Worker()`: it must never throw there.
  try {
    // Skip this function; Node's publish and Worker constructor frames are dropped too.
    const stack = captureUserStack(1);
    const labels = getLabels();
    const key = entryKey(stack, labels);
    const entry = created.get(key);
    if (entry !== undefined) entry.weight++;
    else created.set(key, { id: created.size + 1, type: 'WORKER', stack, createdAt: Date.now(), labels, weight: 1 });
  } catch {
    // A worker we failed to record is only missing from the profile.
  }
}

/** createdWorkers returns the workers created since watchWorkerCreation, one entry per creating stack and labels, weighted by how many. */
export function createdWorkers(): AsyncOperation[] {
  return [...created.values()];
}
