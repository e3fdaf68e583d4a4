// User annotations, Go's runtime/trace in Node form: tasks, regions and log
// messages that show in a trace (docs/trace-format.md, "User annotations").
// While no trace records, each call is one read of a shared word (before
// the process's first trace, of a global: the trace memory does not exist
// yet) and then the plain call of fn: no async context is created and
// nothing is kept.
// While one records, a task's id follows its async work through an
// AsyncLocalStorage, so regions and logs after an await still land in it;
// the storage is switched off again when the trace ends (its hook would
// otherwise cost every promise of the program from then on).

import { RecordType, traceNow } from './records.js';
import { currentTask, taskContext } from './tasks.js';
import { recordingWriter } from './writer.js';

/** NAME_BYTES and MESSAGE_BYTES bound what one annotation writes (200 and 1000 characters of ASCII, fewer of wider text). */
export const NAME_BYTES = 600;
export const MESSAGE_BYTES = 3000;

const tasks = taskContext();

/** isEnabled tells whether a trace is recording now, Go's trace.IsEnabled. */
export function isEnabled(): boolean {
  return recordingWriter() !== undefined;
}

/** withTask runs fn as a user task (Go's trace.NewTask ... task.End): the task ends when fn returns or the promise it returns settles. */
export function withTask<T>(name: string, fn: () => T): T {
  check('withTask', name, fn);
  const out = recordingWriter();
  if (out === undefined) return fn();
  const id = tasks.nextTask++;
  out.put(RecordType.taskBegin, traceNow(), id, currentTask(), 0, [name], NAME_BYTES);
  return tasks.storage.run(id, () => settle(fn, (failed, message) => out.put(RecordType.taskEnd, traceNow(), id, failed, 0, [message], MESSAGE_BYTES)));
}

/** withRegion runs fn as a region of the current task (Go's trace.WithRegion); an async fn's region lasts until its promise settles. */
export function withRegion<T>(name: string, fn: () => T): T {
  check('withRegion', name, fn);
  const out = recordingWriter();
  if (out === undefined) return fn();
  const task = currentTask();
  out.put(RecordType.regionBegin, traceNow(), task, 0, 0, [name], NAME_BYTES);
  return settle(fn, (failed) => out.put(RecordType.regionEnd, traceNow(), task, failed, 0, [name], NAME_BYTES));
}

/** log records a message with a category in the current task (Go's trace.Log). */
export function log(category: string, message: string): void {
  if (typeof category !== 'string') throw new TypeError(`log: category must be a string, got ${typeof category}`);
  if (typeof message !== 'string') throw new TypeError(`log: message must be a string, got ${typeof message}`);
  const out = recordingWriter();
  if (out === undefined) return;
  out.put(RecordType.log, traceNow(), currentTask(), 0, 0, [category.slice(0, 200), message.slice(0, 1000)], MESSAGE_BYTES);
}

function check(api: string, name: unknown, fn: unknown): void {
  if (typeof name !== 'string') throw new TypeError(`${api}: name must be a string, got ${typeof name}`);
  if (typeof fn !== 'function') throw new TypeError(`${api}: fn must be a function, got ${typeof fn}`);
}

// settle calls done once fn's work is over: on return, on throw, or when
// its promise settles. The promise handed back settles like fn's (an
// unhandled rejection stays unhandled).
function settle<T>(fn: () => T, done: (failed: number, message: string) => void): T {
  let result: T;
  try {
    result = fn();
  } catch (err) {
    done(1, errorMessage(err));
    throw err;
  }
  if (!isThenable(result)) {
    done(0, '');
    return result;
  }
  return result.then(
    (value) => {
      done(0, '');
      return value;
    },
    (err: unknown) => {
      done(1, errorMessage(err));
      throw err;
    },
  ) as T;
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (typeof x === 'object' || typeof x === 'function') && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
