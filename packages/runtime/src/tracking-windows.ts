// Tracking in windows of time. Once any async_hooks hook is enabled, Node
// gives every promise an async id and runs its promise hooks, whatever the
// hook does: 8-10% more CPU per request on a promise-heavy service before
// fluoro does anything. Turning the hook on for a random window of each
// second (and off otherwise) divides that by the duty cycle. Operations
// created inside a window stand for 1/dutyCycle as many; those created
// outside are not seen at all, so a one-off burst is either missed or
// counted 1/dutyCycle times: estimates, like any sampled profile.

/** WINDOW_PERIOD_MS is the period in which one window opens. */
export const WINDOW_PERIOD_MS = 1000;

/** FIRST_WINDOW_MS: tracking starts with one long window, so start-up work (where leaks are often set up) is seen whole. */
export const FIRST_WINDOW_MS = 3000;

/** startWindows calls setActive(true) now and then at a random point of every period after the first window, setActive(false) dutyCycle of a period later; the returned function stops it. */
export function startWindows(dutyCycle: number, setActive: (active: boolean) => void): () => void {
  const windowMs = dutyCycle * WINDOW_PERIOD_MS;
  let pending: NodeJS.Timeout | undefined;
  let period: NodeJS.Timeout | undefined;
  const later = (ms: number, fn: () => void) => {
    pending = setTimeout(fn, ms);
    pending.unref();
  };
  const open = () => {
    setActive(true);
    later(windowMs, () => setActive(false));
  };
  setActive(true);
  later(FIRST_WINDOW_MS, () => {
    setActive(false);
    period = setInterval(() => later(Math.random() * (WINDOW_PERIOD_MS - windowMs), open), WINDOW_PERIOD_MS);
    period.unref();
  });
  return () => {
    clearTimeout(pending);
    clearInterval(period);
  };
}
