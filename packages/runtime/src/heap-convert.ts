// Writes heap records the way Go's runtime/pprof writes its memory profile:
// the proto with Go's four sample types, and the debug=1 text.
//
// Go scales each sampled object by 1/(1-e^(-size/rate)) to estimate what was
// not sampled. V8 already does the equivalent: a sample's `size` is the bytes
// allocated since the previous sample (about the interval for small objects,
// the object itself for large ones), so summing sizes estimates all bytes and
// Go's scaling would count them twice. V8 does not say how many objects a
// sample stands for, so the object counts are sampled objects, unscaled.

import { emptyProfile, PROFILE_TEXT_TABS, tabwrite, type Profile, type Sample } from '@fluoro/profile';
import { FrameTable } from './frames.js';
import { formatStackRecord } from './stack-text.js';
import type { HeapRecord } from './heap-sampler.js';

/** HeapConvertOptions gives the sampling rate and the profile's default view. */
export interface HeapConvertOptions {
  intervalBytes: number;
  timeNanos: number;
  /** '' for heap (pprof then shows inuse_space), 'alloc_space' for allocs. */
  defaultSampleType: string;
}

/** heapRecordsToPprof builds Go's heap/allocs profile from heap records. */
export function heapRecordsToPprof(records: HeapRecord[], options: HeapConvertOptions): Profile {
  const frames = new FrameTable();
  const sample: Sample[] = sortRecords(records).map((r) => {
    // Go's `bytes` label (average object size) is left out: V8's sample sizes are not object sizes.
    return {
      location: r.frames.map((f) => frames.locationFor(f)),
      value: [r.allocObjects, r.allocBytes, r.inuseObjects, r.inuseBytes],
      label: r.thread === undefined ? [] : [{ key: 'thread', str: r.thread }],
    };
  });
  return {
    ...emptyProfile([
      { type: 'alloc_objects', unit: 'count' },
      { type: 'alloc_space', unit: 'bytes' },
      { type: 'inuse_objects', unit: 'count' },
      { type: 'inuse_space', unit: 'bytes' },
    ]),
    sample,
    location: frames.locations,
    function: frames.functions,
    timeNanos: options.timeNanos,
    periodType: { type: 'space', unit: 'bytes' },
    period: options.intervalBytes,
    defaultSampleType: options.defaultSampleType,
  };
}

/** MemoryFigures are the process figures printed after the records, where Go prints runtime.MemStats. */
export interface MemoryFigures {
  [name: string]: number;
}

/** formatHeapText writes Go's legacy heap profile text (debug=1) with raw sampled counts. */
export function formatHeapText(records: HeapRecord[], intervalBytes: number, memory: MemoryFigures): string {
  const sorted = sortRecords(records);
  const total = { inuseObjects: 0, inuseBytes: 0, allocObjects: 0, allocBytes: 0 };
  for (const r of sorted) {
    total.inuseObjects += r.inuseObjects;
    total.inuseBytes += r.inuseBytes;
    total.allocObjects += r.allocObjects;
    total.allocBytes += r.allocBytes;
  }
  const frames = new FrameTable();
  let out =
    `heap profile: ${total.inuseObjects}: ${total.inuseBytes} [${total.allocObjects}: ${total.allocBytes}]` +
    ` @ heap/${2 * intervalBytes}\n`;
  for (const r of sorted) {
    out += formatStackRecord(`${r.inuseObjects}: ${r.inuseBytes} [${r.allocObjects}: ${r.allocBytes}]`, r.frames, frames);
  }
  out += '\n# node memory (the closest figures to Go\'s runtime.MemStats)\n';
  for (const [name, value] of Object.entries(memory)) out += `# ${name} = ${value}\n`;
  return tabwrite(out, PROFILE_TEXT_TABS);
}

// sortRecords orders records by in-use bytes, largest first, as Go's text
// writer does; ties are broken by stack so output is deterministic.
function sortRecords(records: HeapRecord[]): HeapRecord[] {
  const key = (r: HeapRecord) => `${r.thread ?? ''}|` + r.frames.map((f) => `${f.functionName}@${f.url}:${f.lineNumber}`).join(';');
  return [...records].sort((a, b) => b.inuseBytes - a.inuseBytes || b.allocBytes - a.allocBytes || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
