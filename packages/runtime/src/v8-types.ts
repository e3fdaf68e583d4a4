// The subset of the DevTools protocol's Profiler and HeapProfiler types that
// the converters read.

/** CallFrame is a V8 stack frame; lineNumber and columnNumber are 0-based. */
export interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/** CpuProfileNode is one node of V8's CPU call tree. */
export interface CpuProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}

/** CpuProfile is what Profiler.stop returns; times are microseconds on a monotonic clock. */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** HeapNode is one node of V8's sampling heap profile tree. */
export interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  id: number;
  children: HeapNode[];
}

/** HeapSample is one sampled live allocation; ordinal is unique per sampling session. */
export interface HeapSample {
  size: number;
  nodeId: number;
  ordinal: number;
}

/** SamplingHeapProfile is what HeapProfiler.getSamplingProfile returns. */
export interface SamplingHeapProfile {
  head: HeapNode;
  samples: HeapSample[];
}
