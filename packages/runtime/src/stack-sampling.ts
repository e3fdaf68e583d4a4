// Decides which async operations get their creation stack captured. A
// capture costs 7-25 us on V8 (walking the stack and building call sites),
// two orders of magnitude more than the async_hooks callback around it, so
// capturing one per promise made a promise-heavy program 50-300x slower.
// Instead captures stay within a share of the thread's time (CAPTURE_SHARE):
// a quiet program (or a burst of a few hundred operations) gets every stack,
// a busy one a random sample whose interval adapts to the operation rate and
// to what a capture costs there. A captured operation stands for itself and
// the operations passed over since the previous capture, the way a heap
// sample stands for the bytes since the previous one, so the weights sum to
// the number of operations.

/** CAPTURE_SHARE is the fraction of the thread's time that stack captures may take, on average. */
export const CAPTURE_SHARE = 0.01;

/** BURST_MICROS is how much capture time may be spent at once before sampling starts (a burst of a few hundred to a few thousand operations gets every stack). */
export const BURST_MICROS = 50_000;

/** ADAPT_EVERY is how many operations pass between two re-estimates of the operation rate. */
const ADAPT_EVERY = 256;

/** StackSampler picks operations to capture within a time budget. */
export interface StackSampler {
  /** Capture time still allowed one for one (weight 1), in microseconds; it refills with time. */
  budgetMicros: number;
  /** Recent mean cost of one capture, in microseconds. */
  costMicros: number;
  /** The mean number of operations per random capture once the budget is spent. */
  interval: number;
  /** Operations left until the next random capture. */
  countdown: number;
  /** Operations passed over since the last capture. */
  skipped: number;
  /** Operations seen since the rate was last estimated, and when that was (performance.now()). */
  seen: number;
  since: number;
  /** Capture everything, ignoring the budget. */
  exact?: boolean;
}

/** newStackSampler starts with a full burst allowance. */
export function newStackSampler(now: number): StackSampler {
  return { budgetMicros: BURST_MICROS, costMicros: 20, interval: 1, countdown: 1, skipped: 0, seen: 0, since: now };
}

/**
 * sampleWeight returns 0 for an operation that is not captured, else the
 * number of operations its capture stands for: itself and those passed over
 * since the previous capture, so the weights add up to the number of
 * operations exactly. While the budget lasts every operation is captured;
 * after that, one in `interval` on average, at random gaps. The caller
 * reports what each capture cost with chargeCapture.
 */
export function sampleWeight(s: StackSampler, now: () => number): number {
  if (s.exact === true) return 1;
  if (++s.seen >= ADAPT_EVERY) adapt(s, now());
  if (s.budgetMicros <= 0 && --s.countdown > 0) {
    s.skipped++;
    return 0;
  }
  // A geometric gap (exponential rounded up) keeps periodic workloads, e.g.
  // 20 operations per request, from always sampling the same call site.
  s.countdown = s.interval === 1 ? 1 : Math.ceil(-Math.log(1 - Math.random()) * s.interval);
  const weight = s.skipped + 1;
  s.skipped = 0;
  return weight;
}

/** chargeCapture records that a capture took `micros`. */
export function chargeCapture(s: StackSampler, micros: number): void {
  s.budgetMicros -= micros;
  s.costMicros = 0.9 * s.costMicros + 0.1 * micros;
}

/** restartClock starts a new rate estimate from `now`, without refilling the budget for the time in between. */
export function restartClock(s: StackSampler, now: number): void {
  s.seen = 0;
  s.since = now;
}

// adapt refills the budget with half the share of the time that passed and
// sets the random interval so that captures take the other half.
function adapt(s: StackSampler, now: number): void {
  const micros = (now - s.since) * 1000;
  const rate = micros > 0 ? s.seen / micros : Infinity; // operations per microsecond
  s.budgetMicros = Math.min(BURST_MICROS, s.budgetMicros + (micros * CAPTURE_SHARE) / 2);
  const capturesPerMicro = CAPTURE_SHARE / 2 / Math.max(s.costMicros, 1);
  s.interval = Math.max(1, Math.min(1 << 24, Math.round(rate / capturesPerMicro)));
  if (s.countdown > s.interval) s.countdown = s.interval;
  s.seen = 0;
  s.since = now;
}
