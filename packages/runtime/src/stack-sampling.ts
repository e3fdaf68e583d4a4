// Decides which async operations get their creation stack captured. A
// capture costs 7-25 us on V8 (walking the stack and building call sites),
// two orders of magnitude more than the async_hooks callback around it, so
// capturing one per promise made a promise-heavy program 50-300x slower.
// Instead each operation is captured with probability 1/interval, the
// interval adapting so that captures stay near a fixed budget per second:
// a quiet program (or a burst of a few thousand operations) gets every
// stack, a busy one a random sample. A captured operation stands for
// `interval` operations, the way a heap sample stands for its interval of
// bytes, so sums of weights estimate the true counts without bias.

/** CAPTURES_PER_SECOND is the capture budget: at ~15 us each, about 0.75% of a core. */
export const CAPTURES_PER_SECOND = 500;

/** ADAPT_EVERY is how many operations pass between two re-estimates of the operation rate. */
const ADAPT_EVERY = 4096;

/** StackSampler picks operations to capture, one in `interval` on average. */
export interface StackSampler {
  /** The current mean number of operations per capture. */
  interval: number;
  /** Operations left until the next capture. */
  countdown: number;
  /** Operations seen since the rate was last estimated, and when that was (performance.now()). */
  seen: number;
  since: number;
}

/** newStackSampler starts by capturing everything. */
export function newStackSampler(now: number): StackSampler {
  return { interval: 1, countdown: 1, seen: 0, since: now };
}

/** sampleWeight returns 0 for an operation that is not captured, else the number of operations its capture stands for. */
export function sampleWeight(s: StackSampler, now: () => number): number {
  if (++s.seen >= ADAPT_EVERY) adapt(s, now());
  if (--s.countdown > 0) return 0;
  const weight = s.interval;
  // A geometric gap (exponential rounded up) keeps periodic workloads, e.g.
  // 20 operations per request, from always sampling the same call site.
  s.countdown = s.interval === 1 ? 1 : Math.ceil(-Math.log(1 - Math.random()) * s.interval);
  return weight;
}

function adapt(s: StackSampler, now: number): void {
  const seconds = (now - s.since) / 1000;
  const rate = seconds > 0 ? s.seen / seconds : Infinity;
  s.interval = Math.max(1, Math.min(1 << 20, Math.round(rate / CAPTURES_PER_SECOND)));
  if (s.countdown > s.interval) s.countdown = s.interval;
  s.seen = 0;
  s.since = now;
}
