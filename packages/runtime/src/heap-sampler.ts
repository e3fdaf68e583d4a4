// Keeps V8's sampling heap profiler running and turns its view of live
// objects into Go's four heap numbers.
//
// V8 has one heap sampler per isolate and, as used here, it holds only the
// sampled objects that are still alive: that gives inuse_objects and
// inuse_space directly. Go also reports everything ever allocated; V8 cannot
// (keeping collected samples would lose which ones are live). So every
// sample seen alive at any read of the sampler is added to the allocation
// totals once (samples carry a unique ordinal), and sampled allocations that
// died between two reads (gaps in the ordinals) are counted under one
// synthetic frame, UNOBSERVED_FRAME, whose stacks V8 never exposed.
//
// Reading the sampler is not free: the inspector's getSamplingProfile always
// forces a full GC (V8's kSamplingForceGC), a pause that grows with the heap
// (~250 ms at 200 MB) and that throws away optimized code. So one read
// answers the requests of the next maxAgeMs, as Go's heap profile answers
// from its last completed GC without running one; a request that wants the
// present (heap?gc=1, seconds=N) expires the read first.

import type { InspectorChannel } from './channel.js';
import { HEAP_INTERVAL_BYTES } from './heap-start.js';
import { learnLoaderMaps } from './source-map-remote.js';
import type { CallFrame, HeapNode, HeapSample, SamplingHeapProfile } from './v8-types.js';

/** HeapRecord is one allocation stack with raw (unscaled) sampled counts, like Go's MemProfileRecord. */
export interface HeapRecord {
  /** Frames, leaf first. */
  frames: CallFrame[];
  allocObjects: number;
  allocBytes: number;
  inuseObjects: number;
  inuseBytes: number;
  /** The thread that allocated, when a profile covers several (the `thread` label). */
  thread?: string;
}

/** UNOBSERVED_FRAME names sampled allocations that were collected before any poll saw them. */
export const UNOBSERVED_FRAME: CallFrame = {
  functionName: '(collected before observed)',
  scriptId: '0',
  url: '',
  lineNumber: -1,
  columnNumber: -1,
};

/**
 * HEAP_MAX_AGE_MS is how long one read of the sampler answers requests by
 * default. Go's runtime forces a GC at least every 2 minutes, so its heap
 * profile is at most that old on an idle program; a minute keeps a scraper
 * polling every 15 s (Grafana Alloy's default) to one forced GC a minute.
 */
export const HEAP_MAX_AGE_MS = 60_000;

/** HeapSamplerOptions configures the sampler; defaults follow Go's MemProfileRate. */
export interface HeapSamplerOptions {
  /** Mean bytes between samples; Go's runtime.MemProfileRate is 512 KiB. */
  intervalBytes?: number;
  /** How long one read of the sampler answers later requests, in milliseconds (default HEAP_MAX_AGE_MS); 0 reads it on every request. Each read forces a full GC. */
  maxAgeMs?: number;
  /** A monotonic clock in milliseconds, which times the reads' age. */
  now?: () => number;
}

interface AllocTotal {
  frames: CallFrame[];
  objects: number;
  bytes: number;
}

/** HeapSampler drives V8's sampling heap profiler through an inspector channel. */
export class HeapSampler {
  readonly intervalBytes: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly allocs = new Map<string, AllocTotal>();
  private live = new Set<number>();
  /** Samples seen at the last read whose stacks V8 had not built yet. */
  private pending = new Set<number>();
  private maxOrdinal = 0;
  private unobserved = 0;
  private latest: SamplingHeapProfile | undefined;
  /** When the last read began: on this.now()'s clock, and in ms since the epoch. */
  private latestAt = -Infinity;
  private latestTime = 0;
  /** Bumped by expire(); a read made before the bump cannot answer. */
  private generation = 0;
  private latestGeneration = -1;
  private reading: Promise<void> | undefined;
  private started: Promise<void> | undefined;

  constructor(
    private readonly channel: InspectorChannel,
    options: HeapSamplerOptions = {},
  ) {
    this.intervalBytes = options.intervalBytes ?? HEAP_INTERVAL_BYTES;
    this.maxAgeMs = options.maxAgeMs ?? HEAP_MAX_AGE_MS;
    this.now = options.now ?? monotonicMs;
    if (!Number.isInteger(this.intervalBytes) || this.intervalBytes <= 0) {
      throw new TypeError(`intervalBytes must be a positive integer, got ${options.intervalBytes}`);
    }
    if (!(this.maxAgeMs >= 0)) throw new TypeError(`maxAgeMs must be a non-negative number, got ${options.maxAgeMs}`);
  }

  /** start begins sampling; calling it again returns the same promise. */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.channel.post('HeapProfiler.enable');
      await this.channel.post('HeapProfiler.startSampling', { samplingInterval: this.intervalBytes });
    })();
    return this.started;
  }

  /** recordCount is the number of live allocation stacks at the last read of the sampler (the index page's count; 0 before the first). */
  recordCount(): number {
    if (this.latest === undefined) return 0;
    return new Set(this.latest.samples.map((s) => s.nodeId)).size;
  }

  /** readTime is when the sampler was last read (ms since the epoch; 0 before the first read): the time the records describe. */
  get readTime(): number {
    return this.latestTime;
  }

  /** expire makes the next records() read the sampler whatever the last read's age. The read forces a full GC, which is what the heap endpoint's gc=1 asks for. */
  expire(): void {
    this.generation++;
  }

  /** records returns every allocation stack, live or not, as of the last read of the sampler, reading it first if that read is older than maxAgeMs. */
  async records(): Promise<HeapRecord[]> {
    await this.start();
    // A read begun before the last expire() cannot answer a request made after it.
    const wanted = this.generation;
    if (this.now() - this.latestAt >= this.maxAgeMs) await this.read();
    while (this.latestGeneration < wanted) await this.read();
    const profile = this.latest!;
    const stacks = stacksById(profile.head);
    const inuse = new Map<string, { objects: number; bytes: number }>();
    for (const s of profile.samples) {
      const key = stacks.get(s.nodeId)!.key;
      const r = inuse.get(key) ?? { objects: 0, bytes: 0 };
      r.objects += 1;
      r.bytes += s.size;
      inuse.set(key, r);
    }
    const out: HeapRecord[] = [];
    for (const [key, a] of this.allocs) {
      const u = inuse.get(key);
      out.push({
        frames: a.frames,
        allocObjects: a.objects,
        allocBytes: a.bytes,
        inuseObjects: u?.objects ?? 0,
        inuseBytes: u?.bytes ?? 0,
      });
    }
    if (this.unobserved > 0) {
      // Their sizes are unknown; a sample stands for intervalBytes on average.
      out.push({
        frames: [UNOBSERVED_FRAME],
        allocObjects: this.unobserved,
        allocBytes: this.unobserved * this.intervalBytes,
        inuseObjects: 0,
        inuseBytes: 0,
      });
    }
    return out;
  }

  // read shares one read among the requests that arrive while it runs: one forced GC, not one each.
  private read(): Promise<void> {
    this.reading ??= this.poll().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async poll(): Promise<void> {
    const generation = this.generation;
    const at = this.now();
    const time = Date.now();
    const { profile: read } = await this.channel.post<{ profile: SamplingHeapProfile }>('HeapProfiler.getSamplingProfile');
    await learnLoaderMaps(this.channel, read);
    const stacks = stacksById(read.head);
    // V8 builds the tree, then the sample list, and building the tree
    // allocates: an allocation sampled in between has a node the tree lacks.
    // Such a sample is seen (not a gap in the ordinals) but left for the next
    // read to count, which sees its node; if it dies first, it is counted
    // as collected before observed.
    const kept: HeapSample[] = [];
    const pending = new Set<number>();
    const next = new Set<number>();
    let newest = this.maxOrdinal;
    let fresh = 0;
    for (const s of read.samples) {
      if (s.ordinal > this.maxOrdinal) fresh++;
      newest = Math.max(newest, s.ordinal);
      const stack = stacks.get(s.nodeId);
      if (stack === undefined) {
        pending.add(s.ordinal);
        continue;
      }
      kept.push(s);
      next.add(s.ordinal);
      if (this.live.has(s.ordinal)) continue;
      const total = this.allocs.get(stack.key) ?? { frames: stack.frames, objects: 0, bytes: 0 };
      total.objects += 1;
      total.bytes += s.size;
      this.allocs.set(stack.key, total);
    }
    for (const ordinal of this.pending) if (!next.has(ordinal) && !pending.has(ordinal)) this.unobserved++;
    this.unobserved += newest - this.maxOrdinal - fresh;
    this.maxOrdinal = newest;
    this.live = next;
    this.pending = pending;
    this.latest = { ...read, samples: kept };
    this.latestAt = at;
    this.latestTime = time;
    this.latestGeneration = generation;
  }
}

// Wall-clock time can step back (NTP, a resumed VM) and keep a read young for that long.
function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

interface Stack {
  key: string;
  frames: CallFrame[];
}

// stacksById flattens V8's allocation tree into one leaf-first stack per node.
function stacksById(head: HeapNode): Map<number, Stack> {
  const out = new Map<number, Stack>();
  const walk = (node: HeapNode, callers: CallFrame[], callerKey: string) => {
    const isRoot = node.callFrame.functionName === '(root)' && callers.length === 0 && node === head;
    const frames = isRoot ? callers : [node.callFrame, ...callers];
    const key = isRoot ? '' : `${frameKey(node.callFrame)}\n${callerKey}`;
    out.set(node.id, { key, frames });
    for (const child of node.children) walk(child, frames, key);
  };
  walk(head, [], '');
  return out;
}

function frameKey(f: CallFrame): string {
  return `${f.functionName}\0${f.url}\0${f.lineNumber}\0${f.columnNumber}`;
}
