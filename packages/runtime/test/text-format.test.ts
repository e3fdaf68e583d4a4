// Go's debug=1 text layout: tab alignment and the heap record format.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatHeapText } from '../src/heap-convert.js';
import { PROFILE_TEXT_TABS, tabwrite } from '@fluoro/profile';

const goHeapText = readFileSync(fileURLToPath(new URL('../../../../testdata/go/heap.debug1.txt', import.meta.url)), 'utf8');

describe('tabwrite with runtime/pprof\'s settings', () => {
  it('reproduces Go\'s tabwriter layout of a real heap profile', () => {
    const unaligned = goHeapText.replace(/\t+/g, '\t');
    assert.notEqual(unaligned, goHeapText);
    assert.equal(tabwrite(unaligned, PROFILE_TEXT_TABS), goHeapText);
  });
});

describe('formatHeapText', () => {
  it('writes Go\'s record layout with raw counts, largest in-use first', () => {
    const frame = (functionName: string, lineNumber: number) => ({ functionName, scriptId: '1', url: 'file:///app/a.js', lineNumber, columnNumber: 0 });
    const text = formatHeapText(
      [
        { frames: [frame('small', 9)], allocObjects: 3, allocBytes: 300, inuseObjects: 1, inuseBytes: 100 },
        { frames: [frame('big', 1), frame('main', 19)], allocObjects: 2, allocBytes: 4096, inuseObjects: 2, inuseBytes: 4096 },
      ],
      524288,
      { rss: 1 },
    );
    assert.equal(
      text,
      [
        'heap profile: 3: 4196 [5: 4396] @ heap/1048576',
        '2: 4096 [2: 4096] @ 0x1 0x2',
        '#\t0x1\tbig+0x0\t\t/app/a.js:2', // tabwriter: main+0x0 is one wider
        '#\t0x2\tmain+0x0\t/app/a.js:20',
        '',
        '1: 100 [3: 300] @ 0x3',
        '#\t0x3\tsmall+0x0\t/app/a.js:10',
        '',
        '',
        "# node memory (the closest figures to Go's runtime.MemStats)",
        '# rss = 1',
        '',
      ].join('\n'),
    );
  });

});
