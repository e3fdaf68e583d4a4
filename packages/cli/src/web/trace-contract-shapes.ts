// The timeline's JSON as a runtime shape, for checking what the server
// really sends against trace-contract.ts (test/trace-ui.test.ts does), as
// contract-shapes.ts does for the pprof views.

import { checkShape, type ShapeOf } from './shape.js';
import type { CpuWindowRef, LatencyGroup, LongTask, SliceDetails, TimelineLane, TimelineSlice, TimelineView } from './trace-contract.js';

const strings = { array: 'string' } as const;
const numbers = { array: 'number' } as const;

const CPU: ShapeOf<CpuWindowRef> = { fields: { from: 'number', to: 'number', samples: 'number' } };

const DETAILS: ShapeOf<SliceDetails> = {
  fields: {
    title: 'string',
    fields: { array: strings },
    frames: { array: { fields: { frame: 'string', samples: 'number' } } },
    stack: strings,
    logs: { array: { fields: { at: 'number', category: 'string', message: 'string' } } },
    cpu: CPU,
  },
  optional: { frames: true, stack: true, logs: true, cpu: true },
};

const SLICE: ShapeOf<TimelineSlice> = {
  fields: {
    lane: 'number',
    row: 'number',
    start: 'number',
    dur: 'number',
    name: 'string',
    color: 'string',
    open: 'boolean',
    segments: { array: { fields: { name: 'string', start: 'number', dur: 'number' } } },
    marks: numbers,
    details: DETAILS,
  },
  optional: { segments: true, marks: true },
};

const LANE: ShapeOf<TimelineLane> = {
  fields: {
    title: 'string',
    kind: 'string',
    rows: 'number',
    counter: { fields: { unit: 'string', ts: numbers, values: numbers, max: 'number' } },
  },
  optional: { counter: true },
};

const LONG_TASK: ShapeOf<LongTask> = { fields: { slice: 'number', kind: 'string', func: 'string', request: 'string' } };

const GROUP: ShapeOf<LatencyGroup> = {
  fields: {
    name: 'string',
    count: 'number',
    open: 'number',
    p50: 'number',
    p90: 'number',
    p99: 'number',
    max: 'number',
    buckets: { array: { fields: { edge: 'number', slices: numbers } } },
  },
};

/** TIMELINE_SHAPE is the shape of /trace/api/timeline. */
export const TIMELINE_SHAPE: ShapeOf<TimelineView> = {
  fields: {
    title: 'string',
    duration: 'number',
    timeNanos: 'number',
    pid: 'number',
    nodeVersion: 'string',
    loop: { fields: { utilization: 'number', activeMs: 'number', idleMs: 'number' } },
    warnings: strings,
    lanes: { array: LANE },
    slices: { array: SLICE },
    longTasks: { array: LONG_TASK },
    tasks: { array: GROUP },
    regions: { array: GROUP },
    cpu: CPU,
  },
  optional: { loop: true, cpu: true },
};

/** checkTimeline lists how a timeline JSON differs from the contract (empty when it conforms). */
export function checkTimeline(json: unknown): string[] {
  return checkShape(json, TIMELINE_SHAPE);
}
