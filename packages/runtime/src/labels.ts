// Profiler labels, Go's pprof.Do / pprof.Labels: key-value pairs that follow
// the async context (AsyncLocalStorage) and mark the CPU samples taken while
// labelled code runs, and the async operations it creates.
//
// V8's CPU profiler knows nothing about async context, so fluoro records when
// labelled code runs: the synchronous body of withLabels and every callback
// that inherits labels (async_hooks before/after) become spans on the
// monotonic clock V8 stamps its samples with. Samples are matched to spans
// when the profile is converted. Spans are only recorded while a CPU profile
// runs (recordSpans): outside profiles labels cost only AsyncLocalStorage's
// propagation, and unlabelled programs pay nothing at all.

import { AsyncLocalStorage, createHook, type AsyncHook } from 'node:async_hooks';

/** Labels are string key-value pairs. */
export type Labels = Readonly<Record<string, string>>;

/** LabelSpan is a stretch of time, in monotonic microseconds, when code with these labels ran. */
export interface LabelSpan {
  start: number;
  end: number;
  labels: Labels;
}

/** SpanSource is how a CPU profiler reaches the profiled thread's label spans. */
export interface SpanSource {
  /** Turns recording on before a profile starts, and off once its spans are read. */
  record(on: boolean): Promise<void>;
  read(fromMicros: number, toMicros: number): Promise<LabelSpan[]>;
}

/** NO_SPANS is the source of a thread without labels. */
export const NO_SPANS: SpanSource = { record: async () => {}, read: async () => [] };

/** MAX_SPANS bounds memory: at twice this many, the oldest half is dropped (in bulk, so pushing stays O(1)). */
const MAX_SPANS = 200_000;

const storage = new AsyncLocalStorage<Labels>();
const spans: LabelSpan[] = [];
// Callbacks nest, so the open spans are a stack: ids, starts and labels of
// the labelled callbacks running now (a Map cost ~1 us per callback).
const openIds: number[] = [];
const openStarts: number[] = [];
const openLabels: Labels[] = [];
let hook: AsyncHook | undefined;
/** How many CPU profiles in progress want spans (one at a time in practice; counted to be safe). */
let recorders = 0;

// V8 stamps CPU samples with the monotonic clock in microseconds, the clock
// process.hrtime reads. (performance.now() is not a substitute: its origin
// moves by a millisecond or two once the event loop starts.)
function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** MERGE_GAP_MICROS: a labelled callback that starts this soon after the previous one with the same labels extends its span. */
const MERGE_GAP_MICROS = 20;

function record(span: LabelSpan): void {
  // Chains of promise reactions run back to back; one span per chain keeps
  // the allocation (and the GC) per callback away. A CPU sample can only be
  // mislabelled if it lands in a gap of at most MERGE_GAP_MICROS.
  const last = spans[spans.length - 1];
  if (last !== undefined && last.labels === span.labels && span.start >= last.start && span.start - last.end <= MERGE_GAP_MICROS) {
    if (span.end > last.end) last.end = span.end;
    return;
  }
  spans.push(span);
  if (spans.length >= 2 * MAX_SPANS) spans.splice(0, MAX_SPANS);
}

function closeOpenSpans(): void {
  const end = nowMicros();
  while (openIds.length > 0) {
    openIds.pop();
    record({ start: openStarts.pop()!, end, labels: openLabels.pop()! });
  }
}

function createCallbackHook(): AsyncHook {
  // A callback that throws never reaches `after`: its span (and any under it) closes here.
  process.on('uncaughtExceptionMonitor', closeOpenSpans);
  return createHook({
    before(id) {
      const labels = storage.getStore();
      if (labels === undefined) return;
      openIds.push(id);
      openStarts.push(nowMicros());
      openLabels.push(labels);
    },
    after(id) {
      const top = openIds.length - 1;
      if (top < 0 || openIds[top] !== id) return;
      openIds.pop();
      record({ start: openStarts.pop()!, end: nowMicros(), labels: openLabels.pop()! });
    },
  });
}

// The before/after hook runs only while spans are wanted and labels exist:
// each enabled hook costs every callback of the program.
function updateHook(): void {
  if (recorders > 0 && hook !== undefined) {
    hook.enable();
  } else if (hook !== undefined) {
    hook.disable();
    closeOpenSpans();
  }
}

/** recordSpans turns span recording on for a CPU profile starting now, or off once its spans are read. */
export function recordSpans(on: boolean): void {
  recorders = Math.max(0, recorders + (on ? 1 : -1));
  updateHook();
}

/** MAX_INTERNED bounds the label sets kept for reuse (a label with a per-request value would otherwise grow it forever). */
const MAX_INTERNED = 10_000;
const interned = new Map<string, Labels>();

// intern returns one frozen object per distinct label set, so concurrent
// requests with the same labels share it and their spans merge (record).
function intern(labels: Record<string, string>): Labels {
  const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  let found = interned.get(key);
  if (found === undefined) {
    if (interned.size >= MAX_INTERNED) interned.clear();
    found = Object.freeze(labels);
    interned.set(key, found);
  }
  return found;
}

/** withLabels runs fn with labels added to the current ones (Go's pprof.Do); async work fn starts keeps them. */
export function withLabels<T>(labels: Record<string, string>, fn: () => T): T {
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v !== 'string') throw new TypeError(`label ${k} must be a string, got ${typeof v}`);
  }
  if (hook === undefined) {
    hook = createCallbackHook();
    updateHook();
  }
  const merged = intern({ ...storage.getStore(), ...labels });
  if (recorders === 0) return storage.run(merged, fn);
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
