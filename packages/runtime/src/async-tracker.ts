// Live async operations, the Node meaning of Go's goroutines. With tracking
// on, an async_hooks hook records each operation's type, creation stack and
// birth time until it is destroyed (a promise: until it settles). Tracking
// costs microseconds per async operation, so it is opt-in (FLUORO_ASYNC=1 or
// trackAsync()); without it only the counts of active handles and requests
// by type are known, from process.getActiveResourcesInfo().

import { createHook, type AsyncHook } from 'node:async_hooks';
import type { Frame } from './frames.js';
import { getLabels, type Labels } from './labels.js';
import { captureStack } from './stack-capture.js';

/** AsyncOperation is one live async resource. */
export interface AsyncOperation {
  id: number;
  type: string;
  /** Creation stack, leaf first; a single synthetic frame when tracking is off. */
  stack: Frame[];
  /** When it was created (Date.now()), or undefined when not tracked. */
  createdAt?: number;
  /** The profiler labels of the code that created it. */
  labels: Labels;
}

const live = new Map<number, AsyncOperation>();
// Every worker thread ever created, for the threadcreate profile (Go's is cumulative too).
const workers: AsyncOperation[] = [];
let hook: AsyncHook | undefined;

/** trackAsync starts recording async operations with their creation stacks. */
export function trackAsync(): void {
  if (hook !== undefined) return;
  hook = createHook({
    init(id, type) {
      // Skip the hook's own frames (init and the async_hooks machinery stay below captureStack's caller).
      const op = { id, type, stack: userStack(captureStack(1)), createdAt: Date.now(), labels: getLabels() };
      live.set(id, op);
      if (type === 'WORKER') workers.push(op);
    },
    destroy(id) {
      live.delete(id);
    },
    promiseResolve(id) {
      live.delete(id);
    },
  });
  hook.enable();
}

/** isTrackingAsync tells whether trackAsync is on. */
export function isTrackingAsync(): boolean {
  return hook !== undefined;
}

/** liveOperations returns the live async operations, tracked or counted by type. */
export function liveOperations(): AsyncOperation[] {
  if (hook !== undefined) return [...live.values()];
  return process.getActiveResourcesInfo().map((type, i) => ({ id: i + 1, type, stack: [typeFrame(type)], labels: {} }));
}

/** createdWorkers returns every worker thread created since tracking started, with its creation stack. */
export function createdWorkers(): AsyncOperation[] {
  return [...workers];
}

// userStack drops the async_hooks frames between the creating code and our hook.
function userStack(stack: Frame[]): Frame[] {
  let start = 0;
  while (start < stack.length - 1 && stack[start].url.startsWith('node:internal/async_hooks')) start++;
  return stack.slice(start);
}

function typeFrame(type: string): Frame {
  return { functionName: `(${type})`, scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 };
}
