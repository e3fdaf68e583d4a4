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

/** KEEPER_ROTATE_MS bounds the keeper profile's memory: it is replaced this often. */
const KEEPER_ROTATE_MS = 10 * 60 * 1000;

/** CpuProfiler starts and stops CPU profiles of the thread its channel reaches. */
export class CpuProfiler {
  private running: { intervalMicros: number; timeNanos: number; workers: ProfiledThread[] } | undefined;
  private keeper: { generation: number; timer: NodeJS.Timeout } | undefined;

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
    if (this.keeper !== undefined && intervalMicros !== DEFAULT_CPU_INTERVAL_MICROS) {
      throw new TypeError(`intervalMicros must be ${DEFAULT_CPU_INTERVAL_MICROS} while the profiler is kept warm`);
    }
    if (!tryLockCpu()) throw new FluoroError('ERR_CPU_PROFILE_IN_USE', 'cpu profiling already in use');
    try {
      await this.channel.post('Profiler.enable');
      // V8 refuses to change the interval while the keeper profile runs; it already has this one.
      if (this.keeper === undefined) await this.channel.post('Profiler.setSamplingInterval', { interval: intervalMicros });
      await this.spans.record(true);
      await this.channel.post('Profiler.start');
      const workers = await startWorkers(this.workers());
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

  /**
   * keepWarm runs a background profile so V8 records code as it is compiled.
   * V8 only learns how optimized code inlines functions (and where on-stack
   * replaced loops live) while a profile is running; code compiled before
   * would charge inlined callees to their caller. The keeper samples at the
   * normal 100 Hz, whose cost is within noise, and is replaced every ten
   * minutes (the new one starts before the old one stops) to bound memory.
   */
  async keepWarm(): Promise<void> {
    if (this.keeper !== undefined) return;
    await this.channel.post('Profiler.enable');
    if (!this.isRunning()) await this.channel.post('Profiler.setSamplingInterval', { interval: DEFAULT_CPU_INTERVAL_MICROS });
    await this.startKeeper(0);
    const timer = setInterval(() => {
      const old = this.keeper!.generation;
      this.startKeeper(old + 1)
        .then(() => this.stopKeeper(old))
        .catch(() => {
          // A failed rotation leaves the previous keeper running; the next one retries.
        });
    }, KEEPER_ROTATE_MS);
    timer.unref();
    this.keeper = { generation: 0, timer };
  }

  private async startKeeper(generation: number): Promise<void> {
    // console.profile starts a second profile inside this session's profiler, which
    // Profiler.start then shares; the profile data itself is never read.
    await this.channel.post('Runtime.evaluate', { expression: `console.profile('fluoro-keeper-${generation}')` });
    if (this.keeper !== undefined) this.keeper.generation = generation;
  }

  private async stopKeeper(generation: number): Promise<void> {
    await this.channel.post('Runtime.evaluate', { expression: `console.profileEnd('fluoro-keeper-${generation}')` });
  }

  /** dispose stops replacing the keeper profile (the thread is gone). */
  dispose(): void {
    if (this.keeper !== undefined) clearInterval(this.keeper.timer);
  }

  /** isRunning tells whether this profiler has a profile in progress. */
  isRunning(): boolean {
    return this.running !== undefined;
  }
}

// startWorkers starts a profile in each worker thread and returns those that
// started; one that exits or fails meanwhile is left out of the profile.
async function startWorkers(workers: ProfiledThread[]): Promise<ProfiledThread[]> {
  const started = await Promise.all(
    workers.map(async (w) => {
      try {
        // Its keeper profile (started when it was adopted) already fixed the interval.
        await w.channel.post('Profiler.start');
        return w;
      } catch {
        return undefined;
      }
    }),
  );
  return started.filter((w): w is ProfiledThread => w !== undefined);
}
