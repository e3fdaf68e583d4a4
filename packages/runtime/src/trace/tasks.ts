// The user-task context of traces: which task (annotations.ts, withTask)
// the running code belongs to. It is kept on globalThis because the main
// thread's recorder (recorder.ts) is loaded as a bundle of its own on the
// first trace (recorder-hook.ts), apart from the `fluoro/trace` module the
// application imported; both must see the same storage.

import { AsyncLocalStorage } from 'node:async_hooks';

/** TaskContext holds the current task's id (a task's async work inherits it) and the next id to give. */
export interface TaskContext {
  storage: AsyncLocalStorage<number>;
  nextTask: number;
}

const KEY = Symbol.for('fluoro.traceTasks');

type Holder = { [KEY]?: TaskContext };

/** taskContext returns the process's task context, creating it on first use. */
export function taskContext(): TaskContext {
  return ((globalThis as Holder)[KEY] ??= { storage: new AsyncLocalStorage<number>(), nextTask: 1 });
}

/** currentTask is the id of the user task the calling code runs in, 0 outside any. */
export function currentTask(): number {
  return (globalThis as Holder)[KEY]?.storage.getStore() ?? 0;
}

/** endTaskContexts drops the task storage's async hook once a trace ends (it would otherwise cost every promise of the program from then on). */
export function endTaskContexts(): void {
  (globalThis as Holder)[KEY]?.storage.disable();
}
