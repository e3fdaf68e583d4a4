// The threadcreate profile's data: every worker thread this thread created,
// with the stack that created it (cumulative, as Go's is). Node publishes
// each new Worker on the diagnostics channel `worker_threads` from inside
// its constructor, so the stack there is the creator's: no async hook, and
// no cost until a worker is made.

import { subscribe } from 'node:diagnostics_channel';
import type { Worker } from 'node:worker_threads';
import type { AsyncOperation } from './async-tracker.js';
import { getLabels } from './labels.js';
import { captureUserStack } from './stack-capture.js';

const created: AsyncOperation[] = [];
let watching = false;

/** watchWorkerCreation starts recording the workers this thread creates from now on; calling it again does nothing. */
export function watchWorkerCreation(): void {
  if (watching) return;
  watching = true;
  subscribe('worker_threads', onWorker);
}

function onWorker(message: unknown): void {
  const { worker } = message as { worker: Worker };
  // Skip this function; Node's publish and Worker constructor frames are dropped too.
  created.push({ id: worker.threadId, type: 'WORKER', stack: captureUserStack(1), createdAt: Date.now(), labels: getLabels() });
}

/** createdWorkers returns every worker thread created since watchWorkerCreation, oldest first. */
export function createdWorkers(): AsyncOperation[] {
  return [...created];
}
