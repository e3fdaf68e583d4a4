// Runs V8's CPU sampling profiler through an inspector channel, one profile
// per process at a time, and returns the result in pprof form.

import type { Profile } from '@fluoro/profile';
import type { InspectorChannel } from './channel.js';
import { tryLockCpu, unlockCpu } from './cpu-lock.js';
import { cpuProfileToPprof } from './cpu-convert.js';
import { FluoroError } from './errors.js';
import type { CpuProfile } from './v8-types.js';

/** DEFAULT_CPU_INTERVAL_MICROS is Go's 100 Hz. */
export const DEFAULT_CPU_INTERVAL_MICROS = 10_000;

/** CpuProfiler starts and stops CPU profiles of the thread its channel reaches. */
export class CpuProfiler {
  private running: { intervalMicros: number; timeNanos: number } | undefined;

  constructor(
    private readonly channel: InspectorChannel,
    private readonly now: () => number = Date.now,
  ) {}

  /** start begins a profile; it throws ERR_CPU_PROFILE_IN_USE (Go's message) if one is running anywhere in the process. */
  async start(options: { intervalMicros?: number } = {}): Promise<void> {
    const intervalMicros = options.intervalMicros ?? DEFAULT_CPU_INTERVAL_MICROS;
    if (!Number.isInteger(intervalMicros) || intervalMicros <= 0) {
      throw new TypeError(`intervalMicros must be a positive integer, got ${options.intervalMicros}`);
    }
    if (!tryLockCpu()) throw new FluoroError('ERR_CPU_PROFILE_IN_USE', 'cpu profiling already in use');
    try {
      await this.channel.post('Profiler.enable');
      await this.channel.post('Profiler.setSamplingInterval', { interval: intervalMicros });
      await this.channel.post('Profiler.start');
      this.running = { intervalMicros, timeNanos: this.now() * 1e6 };
    } catch (err) {
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
      return cpuProfileToPprof(profile, running);
    } finally {
      unlockCpu();
    }
  }

  /** isRunning tells whether this profiler has a profile in progress. */
  isRunning(): boolean {
    return this.running !== undefined;
  }
}
