// The stack sampler: every operation while the budget lasts, then a random
// sample whose weights add up to the true count, within a share of the time.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BURST_MICROS, CAPTURE_SHARE, chargeCapture, newStackSampler, restartClock, sampleWeight } from '../src/stack-sampling.js';

// simulate runs `ops` operations, one every `gapMicros` on a fake clock, each capture costing `costMicros`.
function simulate(ops: number, gapMicros: number, costMicros: number) {
  let clock = 0; // milliseconds, like performance.now()
  const s = newStackSampler(clock);
  let weights = 0;
  let captures = 0;
  let captureMicros = 0;
  for (let i = 0; i < ops; i++) {
    clock += gapMicros / 1000;
    const w = sampleWeight(s, () => clock);
    if (w === 0) continue;
    weights += w;
    captures++;
    captureMicros += costMicros;
    chargeCapture(s, costMicros);
    clock += costMicros / 1000;
  }
  return { weights, captures, captureMicros, elapsedMicros: clock * 1000 };
}

describe('stack sampling', () => {
  it('captures a burst of a few hundred operations one for one', () => {
    const { weights, captures } = simulate(300, 1, 20);
    assert.equal(captures, 300);
    assert.equal(weights, 300);
  });

  it('estimates the count without bias and keeps captures near their share of the time', () => {
    // 5 million operations a second for 4 s, 100 us per capture.
    const { weights, captures, captureMicros, elapsedMicros } = simulate(2_000_000, 0.2, 100);
    assert.ok(Math.abs(weights / 2_000_000 - 1) < 0.1, `weights ${weights}`);
    const share = (captureMicros - BURST_MICROS) / elapsedMicros;
    assert.ok(share < 2 * CAPTURE_SHARE, `captures took ${(share * 100).toFixed(2)}% of the time (${captures} captures)`);
  });

  it('keeps to its share inside tracking windows when the clock restarts at each window', () => {
    // A busy program tracked 100 ms of every second: without restarting the
    // clock, the 900 ms between windows made the rate look 10x lower and
    // refilled the budget, so each window captured far more than its share.
    const run = (restart: boolean) => {
      let clock = 0;
      const s = newStackSampler(clock);
      let windowMicros = 0;
      let captureMicros = 0;
      for (let w = 0; w < 20; w++) {
        clock += 900;
        if (restart) restartClock(s, clock);
        const end = clock + 100;
        while (clock < end) {
          clock += 0.2 / 1000;
          windowMicros += 0.2;
          if (sampleWeight(s, () => clock) === 0) continue;
          chargeCapture(s, 100);
          captureMicros += 100;
          clock += 0.1;
          windowMicros += 100;
        }
      }
      return (captureMicros - BURST_MICROS) / windowMicros;
    };
    const share = run(true);
    assert.ok(share < 2 * CAPTURE_SHARE, `captures took ${(share * 100).toFixed(2)}% of the tracked time`);
    assert.ok(run(false) > share, 'without the restart, windows capture more');
  });
});
