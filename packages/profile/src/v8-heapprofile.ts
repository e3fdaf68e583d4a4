// V8's sampling heap profile JSON, the `.heapprofile` files that
// `node --heap-prof` and Chrome DevTools write, read into the pprof model.
//
// Such a file holds the sampled objects still alive when it was written, so
// it becomes Go's in-use view only: inuse_objects (sampled objects, not
// scaled: V8 does not say how many objects a sample stands for) and
// inuse_space (V8's sample sizes already estimate all bytes). Allocation
// totals are not in the file, and are not made up.

import { ProfileError } from './errors.js';
import { emptyProfile, type Profile, type Sample, type ValueType } from './model.js';
import { V8FrameTable, type V8CallFrame } from './v8-frames.js';
import type { V8ReadOptions } from './v8-cpuprofile.js';

/** V8HeapNode is one node of V8's sampling heap profile tree. */
export interface V8HeapNode {
  callFrame: V8CallFrame;
  selfSize: number;
  id: number;
  children: V8HeapNode[];
}

/** V8HeapProfile is a `.heapprofile` document. */
export interface V8HeapProfile {
  head: V8HeapNode;
  samples?: { size: number; nodeId: number; ordinal: number }[];
}

/**
 * WRITTEN_MEANWHILE_FRAME stands for samples whose node the file's tree lacks.
 * V8 builds the tree before the sample list, and building the tree
 * allocates: an object sampled in between names a node made after the tree
 * was copied (files from `node --heap-prof` have such samples). Its bytes
 * are real, so they are kept, under this frame.
 */
export const WRITTEN_MEANWHILE_FRAME: V8CallFrame = {
  functionName: '(allocated while the profile was written)',
  scriptId: '0',
  url: '',
  lineNumber: -1,
  columnNumber: -1,
};

/** HEAP_PROF_INTERVAL_BYTES is node --heap-prof's default sampling interval (the file does not record it). */
const HEAP_PROF_INTERVAL_BYTES = 512 * 1024;

/** parseHeapProfile converts a `.heapprofile` document into a pprof profile of live memory. */
export function parseHeapProfile(doc: V8HeapProfile, options: V8ReadOptions = {}): Profile {
  if (typeof doc.head !== 'object' || doc.head === null || typeof doc.head.callFrame !== 'object') {
    throw new ProfileError('ERR_PROFILE_INVALID', 'parsing heapprofile: no "head" node with a "callFrame"');
  }
  const frames = new V8FrameTable(options.sourceMaps);
  // Stack of each node, leaf first, without V8's (root).
  const stacks = new Map<number, V8HeapNode[]>();
  const walk: [V8HeapNode, V8HeapNode[]][] = [[doc.head, []]];
  while (walk.length > 0) {
    const [node, callers] = walk.pop()!;
    const stack = node === doc.head ? [] : [node, ...callers];
    stacks.set(node.id, stack);
    for (const c of node.children ?? []) walk.push([c, stack]);
  }

  const withObjects = Array.isArray(doc.samples);
  const totals = new Map<number, { objects: number; bytes: number }>();
  if (withObjects) {
    // V8's node ids are positive; this one is for samples whose node the tree lacks.
    const meanwhileId = -1;
    for (const s of doc.samples!) {
      const id = stacks.has(s.nodeId) ? s.nodeId : meanwhileId;
      if (id === meanwhileId && !stacks.has(meanwhileId)) {
        stacks.set(meanwhileId, [{ callFrame: WRITTEN_MEANWHILE_FRAME, selfSize: 0, id: meanwhileId, children: [] }]);
      }
      const t = totals.get(id) ?? { objects: 0, bytes: 0 };
      t.objects++;
      t.bytes += s.size;
      totals.set(id, t);
    }
  } else {
    for (const [id, stack] of stacks) if (stack.length > 0 && stack[0].selfSize > 0) totals.set(id, { objects: 0, bytes: stack[0].selfSize });
  }

  const sample: Sample[] = [];
  for (const [id, t] of [...totals].sort((a, b) => a[0] - b[0])) {
    const stack = stacks.get(id)!;
    if (stack.length === 0) continue;
    sample.push({
      location: stack.map((n) => frames.locationFor(n.callFrame)),
      value: withObjects ? [t.objects, t.bytes] : [t.bytes],
      label: [],
    });
  }
  const types: ValueType[] = withObjects
    ? [
        { type: 'inuse_objects', unit: 'count' },
        { type: 'inuse_space', unit: 'bytes' },
      ]
    : [{ type: 'inuse_space', unit: 'bytes' }];
  return {
    ...emptyProfile(types),
    sample,
    location: frames.locations,
    function: frames.functions,
    periodType: { type: 'space', unit: 'bytes' },
    period: HEAP_PROF_INTERVAL_BYTES,
  };
}
