// Go's number formatting, where JavaScript's differs: exact ties round to even.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { formatFixed, formatGeneral } from '../src/measurement/gofmt.js';
import { percentage, scaledLabel } from '../src/measurement/units.js';
import { goDuration } from '../src/measurement/gotime.js';

test('formatFixed rounds exact ties to even like Go', () => {
  assert.equal(formatFixed(0.125, 2), '0.12');
  assert.equal(formatFixed(0.375, 2), '0.38');
  assert.equal(formatFixed(2.5, 0), '2');
  assert.equal(formatFixed(1.005, 2), '1.00'); // 1.005 is below the tie in binary
  assert.equal(formatFixed(-0.001, 2), '-0.00');
  assert.equal(formatFixed(99.999, 2), '100.00');
});

test('formatGeneral is %g with precision', () => {
  assert.equal(formatGeneral(0, 2), '0');
  assert.equal(formatGeneral(0.5, 2), '0.5');
  assert.equal(formatGeneral(0.46296, 2), '0.46');
  assert.equal(formatGeneral(0.00001234, 2), '1.2e-05');
  assert.equal(formatGeneral(0.125, 2), '0.12');
});

test('percentage and labels match pprof', () => {
  assert.equal(percentage(0, 10), '    0%');
  assert.equal(percentage(10, 10), '  100%');
  assert.equal(percentage(1, 216), ' 0.46%');
  assert.equal(percentage(61, 216), '28.24%');
  assert.equal(scaledLabel(10_000_000, 'nanoseconds', 'minimum'), '10ms');
  assert.equal(scaledLabel(0, 'bytes', 'minimum'), '0');
  assert.equal(scaledLabel(1536, 'bytes', 'kB'), '1.50kB');
});

test('goDuration is time.Duration.String', () => {
  assert.equal(goDuration(1_623_456_789), '1.623456789s');
  assert.equal(goDuration(1500), '1.5µs');
  assert.equal(goDuration(90e9), '1m30s');
  assert.equal(goDuration(3600e9), '1h0m0s');
});
