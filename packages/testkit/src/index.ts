// What fluoro's test suite needs from the machine. Tests that need a tool
// fluoro does not install itself (Go's pprof, Debian's chromium) ask
// `requires(tool)` and pass its answer as node:test's `skip` option: false
// when the tool is here, else one line naming it and how to install it.
// CI sets FLUORO_TEST_NO_SKIP=1, and there a missing tool is an error, so a
// broken install step cannot turn into a green run with tests skipped.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** NO_SKIP_ENV names the variable that turns a skip for a missing tool into a failure. */
export const NO_SKIP_ENV = 'FLUORO_TEST_NO_SKIP';

/** CHROMIUM is the browser the UI tests drive: Debian's, never a downloaded one. */
export const CHROMIUM = '/usr/bin/chromium';

/** Tool names `requires` knows. */
export type Tool = 'go' | 'chromium';

const TOOLS: Record<Tool, { present: () => boolean; install: string }> = {
  go: {
    present: () => spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0,
    install: 'Go 1.19+ (Debian: apt-get install golang-go)',
  },
  chromium: {
    present: () => existsSync(CHROMIUM),
    install: `${CHROMIUM} (Debian: apt-get install chromium)`,
  },
};

const seen = new Map<Tool, boolean>();

/** requires answers whether `tool` is here: false if so, else the skip reason; it throws instead when FLUORO_TEST_NO_SKIP=1. */
export function requires(tool: Tool): string | false {
  const spec = TOOLS[tool] as (typeof TOOLS)[Tool] | undefined;
  if (spec === undefined) throw new TypeError(`requires: unknown tool ${JSON.stringify(tool)} (known: ${Object.keys(TOOLS).join(', ')})`);
  if (!seen.has(tool)) seen.set(tool, spec.present());
  if (seen.get(tool)) return false;
  const reason = `needs ${tool}: install ${spec.install}`;
  if (process.env[NO_SKIP_ENV] === '1') throw new Error(`${reason}; ${NO_SKIP_ENV}=1 forbids skipping`);
  return reason;
}
