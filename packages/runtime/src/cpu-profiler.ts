// Runs V8's CPU sampling profiler through an inspector channel, one profile
// per process at a time, and returns the result in pprof form.

import type { Profile } from '@fluoro/profile';
import type { InspectorChannel } from './channel.js';
import { tryLockCpu, unlockCpu } from './cpu-lock.js';
import { cpuProfileToPprof } from './cpu-convert.js';
import { learnLoaderMaps } from './source-map-remote.js';
import { FluoroError } from './errors.js';
import { NO_SPANS, type SpanSource } from './labels.js';
import { mergeThreads, type ThreadProfile } from './thread-merge.js';
import type { CpuProfile } from './v8-types.js';
import type { ProfiledThread } from './worker-threads.js';

/** DEFAULT_CPU_INTERVAL_MICROS is Go's 100 Hz. */
export const DEFAULT_CPU_INTERVAL_MICROS = 10_000;

/** CpuProfiler starts and stops CPU profiles of the thread its channel reaches. */
export class CpuProfiler {
  private running: { intervalMicros: number; timeNanos: number; workers: ProfiledThread[] } | undefined;

  constructor(
    private readonly channel: InspectorChannel,
    /** The profiled thread's label spans, on V8's clock. */
    private readonly spans: SpanSource = NO_SPANS,
    private readonly now: () => number = Date.now,
    /** The worker threads to profile along with this one. */
    private readonly workers: () => ProfiledThread[] = () => [],
  ) {}

  /** start begins a profile; it throws ERR_CPU_PROFILE_IN_USE (Go's message) if one is running anywhere in the process. */
  async start(options: { intervalMicros?: number } = {}): Promise<void> {
    const intervalMicros = options.intervalMicros ?? DEFAULT_CPU_INTERVAL_MICROS;
    if (!Number.isInteger(intervalMicros) || intervalMicros <= 0) {
      throw new TypeError(`intervalMicros must be a positive integer, got ${options.intervalMicros}`);
    }
    if (!tryLockCpu()) throw new FluoroError('ERR_CPU_PROFILE_IN_USE', 'cpu profiling already in use');
    try {
      await this.spans.record(true);
      await startV8Profile(this.channel, intervalMicros);
      const workers = await startWorkers(this.workers(), intervalMicros);
      this.running = { intervalMicros, timeNanos: this.now() * 1e6, workers };
    } catch (err) {
      await this.spans.record(false).catch(() => {});
      unlockCpu();
      throw err;
    }
  }

  /** stop ends the running profile and returns it. */
  async stop(): Promise<Profile> {
    const running = this.running;
    if (running === undefined) throw new FluoroError('ERR_CPU_PROFILE_NOT_RUNNING', 'cpu profiling is not running');
    this.running = undefined;
    try {
      const { profile } = await this.channel.post<{ profile: CpuProfile }>('Profiler.stop');
      await learnLoaderMaps(this.channel, profile);
      const spans = await this.spans.read(profile.startTime, profile.endTime);
      const parts: ThreadProfile[] = [{ thread: 'main', profile: cpuProfileToPprof(profile, { ...running, spans }) }];
      for (const worker of running.workers) {
        // A worker that exited during the profile has nothing more to give.
        const stopped = await worker.channel.post<{ profile: CpuProfile }>('Profiler.stop').catch(() => undefined);
        if (stopped !== undefined) parts.push({ thread: worker.name, profile: cpuProfileToPprof(stopped.profile, running) });
      }
      return mergeThreads(parts);
    } finally {
      await this.spans.record(false).catch(() => {});
      unlockCpu();
    }
  }

  /** isRunning tells whether this profiler has a profile in progress. */
  isRunning(): boolean {
    return this.running !== undefined;
  }
}

// startV8Profile starts V8's profiler in the thread a channel reaches, then has
// V8 drop its optimized code: code optimized while no profile ran does not
// record how it inlines functions, so an inlined function's samples would
// be charged to its caller (a hot helper inlined into a request handler would
// vanish from the profile). Code V8 optimizes again, now that a profile
// runs, records it. Switching to precise coverage and back is the
// inspector's one way to deoptimize everything; the price is a moment of
// slower code at the start of each profile, and V8 no longer flushes unused
// bytecode afterwards. Keeping a profile running all the time would do
// instead, but costs about 2% of an HTTP service's CPU: while any profile
// runs, V8 logs code events and sends every call into C++ through a slower,
// profiler-aware path. Under NODE_V8_COVERAGE the switch would end Node's
// own coverage collection, so it is skipped there.
/** startV8Profile starts V8's CPU profiler through a channel, with code recompiled so inlined functions keep their names (see above). */
export async function startV8Profile(channel: InspectorChannel, intervalMicros: number): Promise<void> {
  await channel.post('Profiler.enable');
  await channel.post('Profiler.setSamplingInterval', { interval: intervalMicros });
  await channel.post('Profiler.start');
  if (process.env.NODE_V8_COVERAGE !== undefined) return;
  await channel.post('Profiler.startPreciseCoverage', { callCount: false, detailed: false });
  await channel.post('Profiler.stopPreciseCoverage');
}

// startWorkers starts a profile in each worker thread and returns those that
// started; one that exits or fails meanwhile is left out of the profile.
async function startWorkers(workers: ProfiledThread[], intervalMicros: number): Promise<ProfiledThread[]> {
  const started = await Promise.all(
    workers.map(async (w) => {
      try {
        await startV8Profile(w.channel, intervalMicros);
        return w;
      } catch {
        return undefined;
      }
    }),
  );
  return started.filter((w): w is ProfiledThread => w !== undefined);
}
