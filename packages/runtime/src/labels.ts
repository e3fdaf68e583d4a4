// Profiler labels, Go's pprof.Do / pprof.Labels: key-value pairs that follow
// the async context (AsyncLocalStorage) and mark the CPU samples taken while
// labelled code runs, and the async operations it creates.
//
// V8's CPU profiler knows nothing about async context, so fluoro records when
// labelled code runs: the synchronous body of withLabels and every callback
// that inherits labels (async_hooks before/after) become spans on the
// monotonic clock V8 stamps its samples with. Samples are matched to spans
// when the profile is converted. The hook only starts with the first
// withLabels call, so unlabelled programs pay nothing.

import { AsyncLocalStorage, createHook } from 'node:async_hooks';

/** Labels are string key-value pairs. */
export type Labels = Readonly<Record<string, string>>;

/** LabelSpan is a stretch of time, in monotonic microseconds, when code with these labels ran. */
export interface LabelSpan {
  start: number;
  end: number;
  labels: Labels;
}

/** MAX_SPANS bounds memory: at twice this many, the oldest half is dropped (in bulk, so pushing stays O(1)). */
const MAX_SPANS = 200_000;

const storage = new AsyncLocalStorage<Labels>();
const spans: LabelSpan[] = [];
const open = new Map<number, { start: number; labels: Labels }>();
let hooked = false;

function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function record(span: LabelSpan): void {
  spans.push(span);
  if (spans.length >= 2 * MAX_SPANS) spans.splice(0, MAX_SPANS);
}

function hookCallbacks(): void {
  if (hooked) return;
  hooked = true;
  createHook({
    before(id) {
      const labels = storage.getStore();
      if (labels !== undefined) open.set(id, { start: nowMicros(), labels });
    },
    after(id) {
      const o = open.get(id);
      if (o === undefined) return;
      open.delete(id);
      record({ start: o.start, end: nowMicros(), labels: o.labels });
    },
  }).enable();
}

/** withLabels runs fn with labels added to the current ones (Go's pprof.Do); async work fn starts keeps them. */
export function withLabels<T>(labels: Record<string, string>, fn: () => T): T {
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v !== 'string') throw new TypeError(`label ${k} must be a string, got ${typeof v}`);
  }
  hookCallbacks();
  const merged: Labels = Object.freeze({ ...storage.getStore(), ...labels });
  return storage.run(merged, () => {
    const start = nowMicros();
    try {
      return fn();
    } finally {
      record({ start, end: nowMicros(), labels: merged });
    }
  });
}

/** getLabels returns the labels of the current async context (empty when none). */
export function getLabels(): Labels {
  return storage.getStore() ?? {};
}

/** labelSpans returns the spans that overlap [fromMicros, toMicros], oldest first. */
export function labelSpans(fromMicros: number, toMicros: number): LabelSpan[] {
  return spans.filter((s) => s.end >= fromMicros && s.start <= toMicros);
}
