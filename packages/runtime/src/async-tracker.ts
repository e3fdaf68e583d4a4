// Live async operations, the Node meaning of Go's goroutines, and the one
// async_hooks hook that the goroutine, block and mutex profiles share. With
// tracking on, the hook records sampled operations (type, creation stack,
// birth, labels) until they end; the event-loop waits of the block and mutex
// profiles (loop-waits.ts) ride on the same callbacks.
//
// Costs, and why the hook looks the way it does: each kind of async_hooks
// callback enabled costs every promise of the program ~0.1 us, a Map insert
// ~1 us, a stack capture 7-25 us, and a destroy hook makes Node track every
// promise for garbage collection (+1 us each). So stacks are captured for a
// sample of operations (stack-sampling.ts), only sampled operations are
// stored, and the hook has `init` alone unless the block or mutex profile is
// on. Whether a stored operation is over is checked when the profile is read
// (isOver). Tracking is opt-in (FLUORO_ASYNC=1,
// trackAsync(), or turning on the block or mutex profile); without it only
// the counts of active handles and requests by type are known, from
// process.getActiveResourcesInfo().

import { createHook, executionAsyncResource, type AsyncHook } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type { Frame } from './frames.js';
import { getLabels, type Labels } from './labels.js';
import { captureUserStack } from './stack-capture.js';
import { chargeCapture, newStackSampler, restartClock, sampleWeight } from './stack-sampling.js';
import { startWindows } from './tracking-windows.js';

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
  /** How many operations this sampled one stands for (see stack-sampling.ts); 1 when absent. */
  weight?: number;
}

/** TrackedOperation is a sampled operation as the hook keeps it. */
export interface TrackedOperation extends AsyncOperation {
  weight: number;
  /** The resource, held weakly: once collected, the operation is over. */
  resource: WeakRef<object>;
  /** Whether its callback runs once (a request, a tick, a promise reaction) rather than many times (a handle). */
  oneShot: boolean;
}

/** WaitHooks are the event-loop wait callbacks (loop-waits.ts), called from the shared hook. */
export interface WaitHooks {
  init(type: string, resource: object): void;
  before(resource: object, op: TrackedOperation | undefined): void;
  after(resource: object, op: TrackedOperation | undefined): void;
}

/** OP is the property that links a resource to its sampled operation. */
const OP = Symbol('fluoro.op');

// Types whose callback runs more than once: handles, streams, intervals (a
// Timeout that does not repeat is marked destroyed once it ran).
const REPEATING =
  /^(TCP|PIPE|TTY|UDP|JSUDP|TCPSERVER|PIPESERVER|PROCESS|SIGNAL|FSEVENT)WRAP$|^(Timeout|JSSTREAM|STREAMPIPE|HTTPINCOMINGMESSAGE|HTTPCLIENTREQUEST|HTTP2SESSION|HTTP2STREAM|WORKER|MESSAGEPORT|FILEHANDLE|DIRHANDLE|DNSCHANNEL|ZLIB|STATWATCHER|ELDHISTOGRAM|SIGINTWATCHDOG)$/;

const now = () => performance.now();
const state = {
  hook: undefined as AsyncHook | undefined,
  hookHasWaits: false,
  goroutines: false,
  // Whether the goroutine hook is in a tracking window (always, unless tracking in windows).
  inWindow: true,
  // How many operations one created now stands for, besides stack sampling: 1/dutyCycle outside the first window.
  scale: 1,
  stopWindows: undefined as (() => void) | undefined,
  waits: undefined as WaitHooks | undefined,
  // Its clock starts with the first hook: reading performance at import would load perf_hooks (about 0.5 MiB) into every service.
  sampler: newStackSampler(0),
  live: new Map<number, TrackedOperation>(),
  sweepAt: 10_000,
};

function init(id: number, type: string, _trigger: number, resource: object): void {
  state.waits?.init(type, resource);
  const weight = sampleWeight(state.sampler, now);
  if (weight === 0) return;
  const t0 = now();
  // Skip this function; the hook machinery below it is Node's.
  const stack = captureUserStack(1);
  chargeCapture(state.sampler, (now() - t0) * 1000);
  const op: TrackedOperation = {
    id,
    type,
    stack,
    createdAt: Date.now(),
    labels: getLabels(),
    weight: weight * state.scale,
    resource: new WeakRef(resource),
    oneShot: !REPEATING.test(type),
  };
  (resource as { [OP]?: TrackedOperation })[OP] = op;
  // A tick or microtask runs before the event loop moves on: never a live goroutine worth listing.
  if (type === 'TickObject' || type === 'Microtask') return;
  state.live.set(id, op);
  if (state.live.size >= state.sweepAt) sweep();
}

// sweep drops the operations that are over, so the map stays bounded when
// nobody asks for the goroutine profile.
function sweep(): void {
  for (const [id, op] of state.live) if (isOver(op)) state.live.delete(id);
  state.sweepAt = Math.max(10_000, 2 * state.live.size);
}

// isOver tells whether an operation has ended, without the per-operation
// hooks that would say so as it happens (a promiseResolve hook costs every
// promise ~0.2 us): its resource was collected, its timer or immediate is
// destroyed, its promise is no longer pending, or (with the wait hooks on)
// its one-shot callback ran.
function isOver(op: TrackedOperation & { ran?: boolean }): boolean {
  if (op.ran === true) return true;
  const resource = op.resource.deref() as { _destroyed?: boolean } | undefined;
  if (resource === undefined || resource._destroyed === true) return true;
  return resource instanceof Promise && !isPending(resource);
}

// isPending reads a promise's state the one way JavaScript offers without
// attaching a handler (which would change unhandled-rejection behaviour).
// node:util is required here rather than imported: an ESM import of it
// loads every lazy part of util (parseArgs, MIMEType) into each service.
function isPending(promise: Promise<unknown>): boolean {
  inspect ??= (createRequire(import.meta.url)('node:util') as typeof import('node:util')).inspect;
  return /^[^{]*\{\s*<pending>/.test(inspect(promise, { depth: 0, customInspect: false }));
}

let inspect: typeof import('node:util').inspect | undefined;

function before(): void {
  const resource = executionAsyncResource();
  state.waits?.before(resource, (resource as { [OP]?: TrackedOperation })[OP]);
}

function after(): void {
  const resource = executionAsyncResource();
  const op = (resource as { [OP]?: TrackedOperation & { ran?: boolean } })[OP];
  state.waits?.after(resource, op);
  if (op !== undefined && op.oneShot) op.ran = true;
}

// ensureHook installs the hook with only the callbacks in use: every
// callback type enabled costs each promise of the program, used or not.
function ensureHook(): void {
  const withWaits = state.waits !== undefined;
  if (state.hook === undefined) restartClock(state.sampler, now());
  if (state.hook === undefined || state.hookHasWaits !== withWaits) {
    state.hook?.disable();
    state.hook = createHook(withWaits ? { init, before, after } : { init });
    state.hookHasWaits = withWaits;
  }
  // The block and mutex profiles need every callback: they keep the hook on.
  if (withWaits || (state.goroutines && state.inWindow)) state.hook.enable();
  else state.hook.disable();
}

/** TrackAsyncOptions tunes async tracking. */
export interface TrackAsyncOptions {
  /** Capture every operation's stack, however much it costs (exact goroutine counts; for debugging and tests). */
  everyStack?: boolean;
  /** Track during this fraction of each second only (after a first 3 s window), to divide the cost; 1 (the default) tracks all the time. See tracking-windows.ts. */
  dutyCycle?: number;
}

/** trackAsync starts recording async operations with their creation stacks (sampled once they are frequent). */
export function trackAsync(options: TrackAsyncOptions = {}): void {
  if (options.everyStack !== undefined && typeof options.everyStack !== 'boolean') {
    throw new TypeError(`everyStack must be a boolean, got ${typeof options.everyStack}`);
  }
  const duty = options.dutyCycle ?? 1;
  if (typeof duty !== 'number' || !(duty > 0 && duty <= 1)) throw new TypeError(`dutyCycle must be in (0, 1], got ${String(duty)}`);
  if (options.everyStack) state.sampler.exact = true;
  state.goroutines = true;
  if (duty < 1 && state.stopWindows === undefined) {
    state.stopWindows = startWindows(duty, (active) => {
      state.inWindow = active;
      // The sampler's rate and budget must count tracked time only: the time
      // between windows would make the rate look low and refill the budget,
      // and each window would then capture far more than its share.
      if (active) restartClock(state.sampler, now());
      // Everything after the first window is seen one dutyCycle at a time.
      if (!active) state.scale = 1 / duty;
      ensureHook();
    });
  }
  ensureHook();
}

/** setWaitHooks plugs the block and mutex profiles' callbacks into the shared hook (undefined unplugs them). */
export function setWaitHooks(hooks: WaitHooks | undefined): void {
  state.waits = hooks;
  if (hooks !== undefined || state.hook !== undefined) ensureHook();
}

/** isTrackingAsync tells whether trackAsync is on. */
export function isTrackingAsync(): boolean {
  return state.goroutines;
}

/** liveOperations returns the live async operations: sampled ones with stacks when tracking, else counts by type. */
export function liveOperations(): AsyncOperation[] {
  if (!state.goroutines) {
    return process.getActiveResourcesInfo().map((type, i) => ({ id: i + 1, type, stack: [typeFrame(type)], labels: {} }));
  }
  sweep();
  return [...state.live.values()];
}

function typeFrame(type: string): Frame {
  return { functionName: `(${type})`, scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 };
}
