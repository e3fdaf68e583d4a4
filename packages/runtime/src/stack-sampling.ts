// Decides which async operations get their creation stack captured. A
// capture costs 7-25 us on V8 (walking the stack and building call sites),
// two orders of magnitude more than the async_hooks callback around it, so
// capturing one per promise made a promise-heavy program 50-300x slower.
// Instead captures stay within a budget per second: a quiet program (or a
// burst of a few hundred operations) gets every stack, a busy one a random
// sample whose interval adapts to the operation rate. A captured operation stands for
// `interval` operations, the way a heap sample stands for its interval of
// bytes, so sums of weights estimate the true counts without bias.

/** BURST_CAPTURES is how many captures may happen at once before sampling starts: a burst of a few hundred operations (60 leaked timers) gets every stack. */
export const BURST_CAPTURES = 500;

/** CAPTURES_PER_SECOND is the budget once sampling: half refills the burst allowance, half goes to random samples; at ~15 us each, about 0.75% of a core. */
export const CAPTURES_PER_SECOND = 500;

/** ADAPT_EVERY is how many operations pass between two re-estimates of the operation rate. */
const ADAPT_EVERY = 256;

/** StackSampler picks operations to capture. */
export interface StackSampler {
  /** Captures that may still be taken one for one (weight 1). */
  tokens: number;
  /** The mean number of operations per random capture once the tokens are spent. */
  interval: number;
  /** Operations left until the next random capture. */
  countdown: number;
  /** Operations seen since the rate was last estimated, and when that was (performance.now()). */
  seen: number;
  since: number;
}

/** newStackSampler starts with a full burst allowance. */
export function newStackSampler(now: number): StackSampler {
  return { tokens: BURST_CAPTURES, interval: 1, countdown: 1, seen: 0, since: now };
}

/**
 * sampleWeight returns 0 for an operation that is not captured, else the
 * number of operations its capture stands for. While tokens last every
 * operation is captured with weight 1; after that, one in `interval` at
 * random with weight `interval`. Each operation meets exactly one of the two
 * rules, so the weights add up to the true count in expectation.
 */
export function sampleWeight(s: StackSampler, now: () => number): number {
  if (++s.seen >= ADAPT_EVERY) adapt(s, now());
  if (s.tokens >= 1) {
    s.tokens--;
    return 1;
  }
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
  s.tokens = Math.min(BURST_CAPTURES, s.tokens + (seconds * CAPTURES_PER_SECOND) / 2);
  s.interval = Math.max(1, Math.min(1 << 20, Math.round(rate / (CAPTURES_PER_SECOND / 2))));
  if (s.countdown > s.interval) s.countdown = s.interval;
  s.seen = 0;
  s.since = now;
}
