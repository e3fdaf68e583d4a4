// V8 CPU profile to pprof, checked as collapsed stacks.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeProfile, encodeProfile, toCollapsed } from '@fluoro/profile';
import { cpuProfileToPprof } from '../src/cpu-convert.js';
import type { CallFrame, CpuProfile } from '../src/v8-types.js';

const frame = (functionName: string, lineNumber = 0, url = 'file:///app/server.js'): CallFrame => ({
  functionName,
  scriptId: '1',
  url,
  lineNumber,
  columnNumber: 0,
});

// (root) -> main -> handle -> hash, plus (idle), (program) and (garbage collector).
const v8: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', -1, ''), children: [2, 5, 6, 7] },
    { id: 2, callFrame: frame('main', 0), children: [3] },
    { id: 3, callFrame: frame('handle', 9), children: [4], positionTicks: [{ line: 12, ticks: 1 }] },
    { id: 4, callFrame: frame('hash', 19), positionTicks: [{ line: 22, ticks: 3 }, { line: 25, ticks: 1 }] },
    { id: 5, callFrame: frame('(idle)', -1, '') },
    { id: 6, callFrame: frame('(program)', -1, '') },
    { id: 7, callFrame: frame('(garbage collector)', -1, '') },
  ],
  startTime: 1_000_000,
  endTime: 1_100_000,
  samples: [4, 4, 3, 5, 5, 4, 6, 7, 4],
  timeDeltas: [0, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000],
};

describe('cpuProfileToPprof', () => {
  const p = cpuProfileToPprof(v8, { intervalMicros: 10_000, timeNanos: 5e18 });

  it('keeps every tick but idle, with synthetic frames and leaf lines', () => {
    assert.equal(
      toCollapsed(p, 0),
      ['(garbage collector) 1', '(program) 1', 'main;handle 1', 'main;handle;hash 4', ''].join('\n'),
    );
    const hashLines = p.sample
      .filter((s) => s.location[0].line[0].function.name === 'hash')
      .map((s) => [s.location[0].line[0].line, s.value[0]]);
    assert.deepEqual(hashLines.sort(), [
      [22, 3],
      [25, 1],
    ]);
  });

  it('uses measured gaps for cpu time and Go\'s CPU sample types', () => {
    assert.deepEqual(p.sampleType, [
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ]);
    assert.equal(p.period, 10_000_000);
    assert.equal(p.durationNanos, 100_000_000);
    assert.equal(toCollapsed(p, 1).split('\n')[3], 'main;handle;hash 40000000');
  });

  it('stores plain paths and definition lines, and survives the codec', () => {
    const main = p.function.find((f) => f.name === 'main')!;
    assert.equal(main.filename, '/app/server.js');
    assert.equal(main.startLine, 1);
    assert.equal(toCollapsed(decodeProfile(encodeProfile(p)), 0), toCollapsed(p, 0));
  });
});
