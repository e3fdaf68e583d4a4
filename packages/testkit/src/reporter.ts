// A node:test reporter that runs beside `spec` and ends the run with what
// was skipped and why, grouped by reason. With FLUORO_TEST_NO_SKIP=1 (CI)
// any skip fails the run: CI installs every tool, so a skip there means a
// test stopped testing.

import { NO_SKIP_ENV } from './index.js';

type Event = { type: string; data: { name: string; skip?: string | boolean; details?: { type?: string } } };

/** skipSummary reads node:test's events and yields the skip summary once the run ends. */
export default async function* skipSummary(source: AsyncIterable<Event>): AsyncGenerator<string> {
  // A skipped describe() hides its tests, so suites are counted apart.
  const reasons = new Map<string, { tests: number; suites: number }>();
  for await (const event of source) {
    if (event.type !== 'test:pass' || event.data.skip === undefined) continue;
    const reason = typeof event.data.skip === 'string' ? event.data.skip : '(no reason given)';
    const count = reasons.get(reason) ?? { tests: 0, suites: 0 };
    if (event.data.details?.type === 'suite') count.suites++;
    else count.tests++;
    reasons.set(reason, count);
  }
  if (reasons.size === 0) {
    yield 'skip summary: nothing skipped\n';
    return;
  }
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const both = (c: { tests: number; suites: number }) => [c.tests && plural(c.tests, 'test'), c.suites && plural(c.suites, 'suite')].filter(Boolean).join(' and ');
  const total = [...reasons.values()].reduce((a, c) => ({ tests: a.tests + c.tests, suites: a.suites + c.suites }), { tests: 0, suites: 0 });
  yield `skip summary: ${both(total)} skipped\n`;
  for (const [reason, count] of reasons) yield `  ${both(count)}: ${reason}\n`;
  if (process.env[NO_SKIP_ENV] === '1') {
    yield `skip summary: ${NO_SKIP_ENV}=1 forbids skipping: failing the run\n`;
    process.exitCode = 1;
  }
}
