// A Runtime is everything the endpoint needs to profile one thread: an
// inspector channel to it, its CPU profiler, its heap sampler, its tracer,
// its argv and the registry of named profiles. The main thread has one, made on first use;
// fluoro's listener worker makes its own pointing at the main thread.

import { sameThreadChannel, type SessionChannel } from './channel.js';
import { CpuProfiler } from './cpu-profiler.js';
import { heapProfile } from './heap-profiles.js';
import { startHeapSampling } from './heap-start.js';
import type { MemoryFigures } from './heap-convert.js';
import { HeapSampler, type HeapSamplerOptions } from './heap-sampler.js';
import { heapMaxAgeOrDefault } from './listen-config.js';
import { threadProfiles } from './thread-profiles.js';
import { byName, ProfileRegistry, type PprofProfile } from './registry.js';
import { remoteLabelSpans, remoteRecordSpans, remoteThreadProfiles } from './remote-profiles.js';
import { labelSpans, recordSpans, type SpanSource } from './labels.js';
import { WorkerThreads } from './worker-threads.js';
import { HelperTracer } from './trace/helper-tracer.js';
import { ListenerTracer } from './trace/listener-tracer.js';
import { installTraceRecorder } from './trace/recorder-hook.js';
import type { Tracer } from './trace/tracer.js';

/** Runtime bundles the profilers of one profiled thread. */
export interface Runtime {
  readonly channel: SessionChannel;
  /** The worker threads that loaded fluoro, profiled along with this thread. */
  readonly workers: WorkerThreads;
  readonly cpu: CpuProfiler;
  readonly heap: HeapSampler;
  /** Execution traces of the main thread (/debug/pprof/trace). */
  readonly tracer: Tracer;
  /** The built-in profiles this runtime collects itself (heap, allocs). */
  readonly registry: ProfileRegistry;
  readonly argv: readonly string[];
  /** lookup finds a profile by name: built-in, or a custom one of the profiled thread. */
  lookup(name: string): Promise<PprofProfile | undefined>;
  /** profiles lists every profile, sorted by name. */
  profiles(): Promise<PprofProfile[]>;
}

/** AppThread says where the application thread is, whose goroutine and custom profiles the runtime serves. */
export type AppThread = 'same-thread' | 'main-thread';

/** createRuntime wires profilers to a channel and registers the built-in profiles. */
export function createRuntime(
  channel: SessionChannel,
  argv: readonly string[],
  appThread: AppThread,
  heapOptions?: HeapSamplerOptions,
): Runtime {
  const heap = new HeapSampler(channel, heapOptions);
  const workers = new WorkerThreads(channel, heapOptions);
  const threads = () => workers.list();
  const registry = new ProfileRegistry();
  const memory = async (): Promise<MemoryFigures> => {
    const usage = await channel.post<{ usedSize: number; totalSize: number }>('Runtime.getHeapUsage');
    return { rss: process.memoryUsage.rss(), heapUsed: usage.usedSize, heapTotal: usage.totalSize };
  };
  registry.add(heapProfile('heap', heap, memory, threads));
  registry.add(heapProfile('allocs', heap, memory, threads));
  const sameThread = appThread === 'same-thread';
  const threadProfileList = sameThread ? async () => threadProfiles().profiles() : () => remoteThreadProfiles(channel);
  const spans: SpanSource = sameThread
    ? { record: async (on) => recordSpans(on), read: async (from, to) => labelSpans(from, to) }
    : { record: (on) => remoteRecordSpans(channel, on), read: (from, to) => remoteLabelSpans(channel, from, to) };
  return {
    channel,
    cpu: new CpuProfiler(channel, spans, Date.now, threads),
    heap,
    // Traces are read off the main thread: by this worker itself, or by a helper worker per trace.
    tracer: sameThread ? new HelperTracer() : new ListenerTracer(),
    workers,
    registry,
    argv,
    async lookup(name) {
      return registry.lookup(name) ?? (await threadProfileList()).find((p) => p.name === name);
    },
    async profiles() {
      return [...registry.profiles(), ...(await threadProfileList())].sort(byName);
    },
  };
}

let mainRuntime: Runtime | undefined;

/** defaultRuntime is the calling thread's own runtime, created (and its heap sampler started) on first use. */
export function defaultRuntime(): Runtime {
  if (mainRuntime === undefined) {
    // The thread's own profiles start recording now (threadcreate from here on).
    threadProfiles();
    installTraceRecorder();
    // Sampling starts before this call returns, so the allocations the caller
    // makes next are in the heap profile; the sampler below then finds it running.
    try {
      startHeapSampling();
    } catch (err) {
      process.emitWarning(`${(err as Error).message}; the heap sampler will start with the first heap request`, { code: 'FLUORO' });
    }
    const maxAgeMs = heapMaxAgeOrDefault(process.env, (m) => process.emitWarning(m, { code: 'FLUORO' }));
    mainRuntime = createRuntime(sameThreadChannel(), process.argv, 'same-thread', { maxAgeMs });
    mainRuntime.heap.start().catch(() => {
      // The endpoints retry and report failures to their clients.
    });
  }
  return mainRuntime;
}
