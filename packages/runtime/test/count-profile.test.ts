// Count profiles group entries by the stack that made them, at the grain
// they show it: function and line.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countProfileText } from '../src/count-profile.js';
import type { Frame } from '../src/frames.js';

// A frame of a minified bundle, where every function sits on line 1 and
// short names repeat: a function is told apart by where it starts.
const minified = (functionName: string, start: number, column: number): Frame => ({
  functionName,
  scriptId: '0',
  url: 'file:///app/bundle.min.js',
  lineNumber: 0,
  columnNumber: start,
  line: 1,
  column,
});

describe('countProfileText', () => {
  it('keeps functions that share a name and a line apart, and merges calls from one function', () => {
    const entries = [
      { stack: [minified('t', 100, 120)], labels: {} },
      { stack: [minified('t', 100, 135)], labels: {} },
      { stack: [minified('t', 4700, 4711)], labels: {} },
    ];
    const text = countProfileText('goroutine', entries);
    assert.match(text, /^goroutine profile: total 3\n2 @ 0x1\n#\t0x1\tt\+0x0\t\/app\/bundle\.min\.js:1\n\n1 @ 0x2\n/);
  });
});
