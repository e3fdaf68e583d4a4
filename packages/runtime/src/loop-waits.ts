// The event-loop waits behind the block and mutex profiles. Work becomes
// ready (a promise settles under an await, a timer falls due, an immediate
// or tick is queued) and then waits for the one thread to reach it:
//
// - block: each wait, from ready to the start of its callback, is charged
//   to the stack that created the waiting work (Go: a goroutine blocked on a
//   channel, charged to where it blocked);
// - mutex: the event loop is the lock every callback holds. Each waiter's
//   wait is split among the callbacks that ran while it was ready, and
//   charged to their stacks (Go: contention charged to the unlocker).
//
// Ready times: a promise reaction is ready when its parent promise settled
// (v8.promiseHooks stamps settle times) or when it was created, if later; a
// timer when it fell due on the event loop's clock (its _idleStart plus its
// timeout, converted to performance.now()); an immediate, tick or microtask
// when it was queued. I/O callbacks have no ready time JavaScript can see
// (the kernel knows), so they never count as waiters, though they do hold
// the loop.

import { createRequire } from 'node:module';
import type { TrackedOperation } from './async-tracker.js';
import { setWaitHooks } from './async-tracker.js';
import type { Frame } from './frames.js';
import { stackKey } from './stack-capture.js';

/** ContentionRecord is one stack's total, like Go's BlockProfileRecord (delay in nanoseconds, Go's cycles at 1 GHz). */
export interface ContentionRecord {
  stack: Frame[];
  count: number;
  delayNanos: number;
}

// Every promise gets the same two properties, written in the same order at
// creation, so V8 keeps one shape for them and later writes stay cheap
// (promises with varying property sets made the hooks several times slower).
// LINK is where its own reaction's ready time comes from: the parent promise
// it waits on, or the time it was created if the parent had already settled.
// STATE is 0 pending, 1 pending with a reaction waiting on it, SETTLED_UNTIMED
// once settled, or SETTLED_AT + the settle time.
const LINK = Symbol('fluoro.link');
const STATE = Symbol('fluoro.state');
const SETTLED_UNTIMED = -1;
const SETTLED_AT = 2;
const QUEUED = Symbol('fluoro.queued');

type StampedPromise = { [LINK]?: StampedPromise | number; [STATE]?: number };

type Stamped = StampedPromise & {
  [QUEUED]?: number;
  _idleStart?: number | null;
  _idleTimeout?: number;
  _onTimeout?: { name?: string };
  _onImmediate?: { name?: string };
  callback?: { name?: string };
};

// Types that are ready the moment they are created.
const QUEUED_TYPES = new Set(['Immediate', 'TickObject', 'Microtask', 'Timeout']);

/** RING is how many recent callbacks are kept to charge later waits to; a wait reaches back at most MAX_WALK of them. */
const RING = 4096;
const MAX_WALK = 512;

const now = () => performance.now();

const state = {
  blockRate: 0,
  mutexFraction: 0,
  block: new Map<string, ContentionRecord>(),
  mutex: new Map<string, ContentionRecord>(),
  stopPromiseHooks: undefined as (() => void) | undefined,
  // performance.now() minus the event loop's millisecond clock, estimated from below (see timerDue).
  loopOffset: Infinity,
  prober: undefined as NodeJS.Timeout | undefined,
  // The outermost callback running now.
  open: undefined as { start: number; resource: object; op: TrackedOperation | undefined; callback: string } | undefined,
  // Recent sampled callbacks, oldest overwritten first.
  starts: new Float64Array(RING),
  ends: new Float64Array(RING),
  holders: new Array<{ op: TrackedOperation; callback: string; counted: boolean } | undefined>(RING),
  next: 0,
};

/** setBlockProfileRate is Go's runtime.SetBlockProfileRate: sample one wait per `rate` nanoseconds waited; 1 records every wait, 0 (the default) turns it off. */
export function setBlockProfileRate(rate: number): void {
  if (typeof rate !== 'number' || Number.isNaN(rate)) throw new TypeError(`setBlockProfileRate: rate must be a number, got ${String(rate)}`);
  state.blockRate = rate <= 0 ? 0 : Math.max(1, Math.floor(rate));
  update();
}

/** blockProfileRate returns the current block profile rate in nanoseconds (0 when off). */
export function blockProfileRate(): number {
  return state.blockRate;
}

/** setMutexProfileFraction is Go's runtime.SetMutexProfileFraction: record one in `n` contention events; 0 turns it off, a negative n only reads. Returns the previous value. */
export function setMutexProfileFraction(n: number): number {
  if (typeof n !== 'number' || Number.isNaN(n)) throw new TypeError(`setMutexProfileFraction: n must be a number, got ${String(n)}`);
  const old = state.mutexFraction;
  if (n < 0) return old;
  state.mutexFraction = Math.floor(n);
  update();
  return old;
}

/** contentionRecords returns the block or mutex records gathered so far. */
export function contentionRecords(which: 'block' | 'mutex'): ContentionRecord[] {
  return [...state[which].values()];
}

function update(): void {
  const on = state.blockRate > 0 || state.mutexFraction > 0;
  if (on && state.stopPromiseHooks === undefined) {
    state.prober = setInterval(probeLoopClock, 1000);
    state.prober.unref();
    probeLoopClock();
    // node:v8 is loaded here, not at import: at start-up it costs every service about 1 MiB, and most never turn these profiles on.
    const { promiseHooks } = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
    const stopInit = promiseHooks.onInit(onPromiseInit);
    const stopSettled = promiseHooks.onSettled(onPromiseSettled);
    state.stopPromiseHooks = () => {
      stopInit();
      stopSettled();
    };
    process.on('uncaughtExceptionMonitor', forgetOpen);
    setWaitHooks({ init: onInit, before: onBefore, after: onAfter });
  } else if (!on && state.stopPromiseHooks !== undefined) {
    state.stopPromiseHooks();
    state.stopPromiseHooks = undefined;
    clearInterval(state.prober);
    process.off('uncaughtExceptionMonitor', forgetOpen);
    setWaitHooks(undefined);
    state.open = undefined;
  }
}

// A callback that throws never reaches `after`; the next callback starts afresh.
function forgetOpen(): void {
  state.open = undefined;
}

function onPromiseInit(promise: Promise<unknown>, parent?: Promise<unknown>): void {
  const p = promise as StampedPromise;
  if (parent === undefined) {
    p[LINK] = undefined;
  } else {
    const q = parent as StampedPromise;
    const state = q[STATE];
    if (state === SETTLED_UNTIMED || (state !== undefined && state >= SETTLED_AT)) {
      p[LINK] = now();
    } else {
      p[LINK] = q;
      if (state === 0) q[STATE] = 1;
    }
  }
  p[STATE] = 0;
}

// Only a promise something waits on needs its settle time: a clock read costs ~0.1 us.
function onPromiseSettled(promise: Promise<unknown>): void {
  const p = promise as StampedPromise;
  p[STATE] = p[STATE] === 1 ? SETTLED_AT + now() : SETTLED_UNTIMED;
}

function onInit(type: string, resource: object): void {
  if (QUEUED_TYPES.has(type)) (resource as Stamped)[QUEUED] = now();
}

function onBefore(resource: object, op: TrackedOperation | undefined): void {
  const start = now();
  // The callback's name is read now: Node clears an immediate's before `after`.
  if (state.open === undefined) state.open = { start, resource, op, callback: op === undefined ? '' : callbackName(resource as Stamped) };
  const ready = readyTime(resource as Stamped);
  if (ready === undefined || ready >= start) return;
  if (state.blockRate > 0 && op !== undefined) recordBlock(op, start - ready);
  if (state.mutexFraction > 0) chargeHolders(ready, start);
}

function onAfter(resource: object): void {
  const open = state.open;
  if (open === undefined || open.resource !== resource) return;
  state.open = undefined;
  if (state.mutexFraction <= 0 || open.op === undefined) return;
  // Go's mutexevent: one in `fraction` events is kept.
  if (state.mutexFraction > 1 && Math.floor(Math.random() * state.mutexFraction) !== 0) return;
  const i = state.next;
  state.next = (i + 1) % RING;
  state.starts[i] = open.start;
  state.ends[i] = now();
  state.holders[i] = { op: open.op, callback: open.callback, counted: false };
}

function readyTime(r: Stamped): number | undefined {
  const link = r[LINK];
  if (typeof link === 'number') return link;
  if (link !== undefined) {
    const state = link[STATE];
    return state !== undefined && state >= SETTLED_AT ? state - SETTLED_AT : undefined;
  }
  const queued = r[QUEUED];
  if (queued === undefined) return undefined;
  if (typeof r._idleStart === 'number' && typeof r._idleTimeout === 'number' && r._idleTimeout >= 0) {
    const due = timerDue(r._idleStart + r._idleTimeout);
    // A timer armed while the loop's clock was stale can fall due before it was created.
    return due === undefined ? undefined : Math.max(due, queued);
  }
  return queued;
}

// timerDue converts a due time on the event loop's clock (whole milliseconds
// since the loop started) to performance.now(). Both clocks are monotonic,
// so they differ by a constant. The loop's clock is read when the loop wakes
// up and may be stale later, so every reading bounds the constant from
// above: a timer's start minus its due time (it never runs early), and
// probes taken once a second at the start of a check phase, when the clock is
// freshest. The smallest bound so far is the estimate; a timer's own bound is
// applied after its wait is computed, so a stale estimate shortens waits
// (never lengthens them) and cannot hide a wait entirely.
function timerDue(due: number): number | undefined {
  const estimate = state.loopOffset;
  const bound = now() - due;
  if (bound < state.loopOffset) state.loopOffset = bound;
  return estimate === Infinity ? undefined : due + estimate;
}

function probeLoopClock(): void {
  const immediate = setImmediate(() => {
    const probe = setTimeout(() => {}, 1 << 30) as unknown as Stamped & { unref(): void };
    probe.unref();
    if (typeof probe._idleStart === 'number') state.loopOffset = Math.min(state.loopOffset, now() - probe._idleStart);
    clearTimeout(probe as unknown as NodeJS.Timeout);
  });
  immediate.unref();
}

// recordBlock is Go's blockevent: waits shorter than the rate are kept with
// probability wait/rate and then count as rate/wait events of `rate` each,
// which keeps the totals unbiased. `weight` undoes the stack sampling.
function recordBlock(op: TrackedOperation, waitMillis: number): void {
  const rate = state.blockRate;
  const delay = Math.max(1, Math.round(waitMillis * 1e6));
  if (rate > delay && Math.random() * rate > delay) return;
  const rec = record(state.block, op.stack, opKey(op));
  if (delay < rate) {
    rec.count += (op.weight * rate) / delay;
    rec.delayNanos += op.weight * rate;
  } else {
    rec.count += op.weight;
    rec.delayNanos += op.weight * delay;
  }
}

// chargeHolders splits a wait [ready, start] among the recent callbacks that
// overlapped it, newest first.
function chargeHolders(ready: number, start: number): void {
  for (let k = 1; k <= MAX_WALK; k++) {
    const i = (state.next - k + RING) % RING;
    const holder = state.holders[i];
    if (holder === undefined || state.ends[i] <= ready) return;
    const overlap = Math.min(state.ends[i], start) - Math.max(state.starts[i], ready);
    if (overlap <= 0) continue;
    const stack = holder.callback === '' ? holder.op.stack : [callbackFrame(holder.callback), ...holder.op.stack];
    const rec = record(state.mutex, stack, `${holder.callback}\n${opKey(holder.op)}`);
    if (!holder.counted) {
      holder.counted = true;
      rec.count += holder.op.weight;
    }
    rec.delayNanos += holder.op.weight * overlap * 1e6;
  }
}

function record(map: Map<string, ContentionRecord>, stack: Frame[], key: string): ContentionRecord {
  let rec = map.get(key);
  if (rec === undefined) map.set(key, (rec = { stack, count: 0, delayNanos: 0 }));
  return rec;
}

const KEY = Symbol('fluoro.stackKey');

function opKey(op: TrackedOperation & { [KEY]?: string }): string {
  return (op[KEY] ??= stackKey(op.stack));
}

// callbackName names the function a timer, immediate or tick runs; promise
// reactions need none, since their creation stack starts in the function
// that resumes.
function callbackName(r: Stamped): string {
  const fn = r._onTimeout ?? r._onImmediate ?? r.callback;
  return typeof fn?.name === 'string' ? fn.name : '';
}

function callbackFrame(name: string): Frame {
  return { functionName: name, scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 };
}
