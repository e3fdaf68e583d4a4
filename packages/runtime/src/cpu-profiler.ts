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

/** CpuProfilerOptions tunes what a CpuProfiler does between profiles. */
export interface CpuProfilerOptions {
  /** How long V8's profiler keeps running after a profile ends, so that a profile starting meanwhile need not recompile (see startV8Profile); 0 turns it off. */
  bridgeMs?: number;
}

/** DEFAULT_BRIDGE_MS is how long V8's profiler stays on after a profile: about what one recompilation costs, at 2% while it runs. */
export const DEFAULT_BRIDGE_MS = 10_000;

// The title of the console profile that is the bridge; a profile taking the bridge over ends it by this title.
const BRIDGE_TITLE = 'fluoro-bridge';

/** CpuProfiler starts and stops CPU profiles of the thread its channel reaches. */
export class CpuProfiler {
  private running: { intervalMicros: number; timeNanos: number; workers: ProfiledThread[] } | undefined;
  private bridge: Bridge | undefined;
  private readonly bridgeMs: number;

  constructor(
    private readonly channel: InspectorChannel,
    /** The profiled thread's label spans, on V8's clock. */
    private readonly spans: SpanSource = NO_SPANS,
    private readonly now: () => number = Date.now,
    /** The worker threads to profile along with this one. */
    private readonly workers: () => ProfiledThread[] = () => [],
    options: CpuProfilerOptions = {},
  ) {
    this.bridgeMs = options.bridgeMs ?? DEFAULT_BRIDGE_MS;
    if (!(this.bridgeMs >= 0)) throw new TypeError(`bridgeMs must be a non-negative number, got ${options.bridgeMs}`);
  }

  /** start begins a profile; it throws ERR_CPU_PROFILE_IN_USE (Go's message) if one is running anywhere in the process. */
  async start(options: { intervalMicros?: number } = {}): Promise<void> {
    const intervalMicros = options.intervalMicros ?? DEFAULT_CPU_INTERVAL_MICROS;
    if (!Number.isInteger(intervalMicros) || intervalMicros <= 0) {
      throw new TypeError(`intervalMicros must be a positive integer, got ${options.intervalMicros}`);
    }
    if (!tryLockCpu()) throw new FluoroError('ERR_CPU_PROFILE_IN_USE', 'cpu profiling already in use');
    try {
      await this.spans.record(true);
      const bridge = await this.takeBridge();
      await startV8Profile(this.channel, intervalMicros, { recompile: bridge === undefined, bridge });
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
      // Posted ahead of the stop, so V8's profiler never stops in between.
      this.openBridge(running.intervalMicros);
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

  /** isBridging tells whether V8's profiler is kept running after a profile, so that the next one skips the recompilation. */
  isBridging(): boolean {
    return this.bridge !== undefined;
  }

  // openBridge keeps V8's profiler running for bridgeMs after a profile.
  // Every function optimized while a profile runs records its inlining; if
  // a profile ran all the time since the last recompilation, all code has,
  // and the next profile can skip it. A scraper that asks for a profile
  // every 15 s (Grafana Alloy, Pyroscope) then pays for one recompilation
  // per process instead of one per profile, and about 2% of CPU (what a
  // running profile costs) in the gaps.
  //
  // The bridge is a console profile (console.profile) in the same inspector
  // session, started before the profile stops: V8 disposes of its profiler
  // when the last of a session's profiles stops, and starting it again
  // walks the whole heap to log every compiled function (15-80 ms of a
  // stopped thread for a 25-100 MB heap). Alive across the handover, it
  // makes the next Profiler.start nearly free. The price: V8 has one
  // sampling interval for all of a session's profiles, so the bridge samples
  // at the profile's rate; it ends within a second under a scraper, and its
  // samples (sent back in a Profiler.consoleProfileFinished event nobody
  // listens to) are few. console.profile also starts a profile in every
  // other inspector session that has the Profiler domain enabled, a
  // debugger's (DevTools lists a "fluoro-bridge" profile after each
  // scrape) or a trace's; profileEnd ends them with ours. An app's own
  // console.profileEnd() with no title would end the bridge instead of its
  // profile; the next profile then walks the heap again.
  private openBridge(intervalMicros: number): void {
    if (this.bridgeMs === 0) return;
    const started = consoleProfile(this.channel, 'profile').catch(() => {
      // The next profile then recompiles, as it would have without a bridge.
      return false;
    });
    const timer = setTimeout(() => this.closeBridge(), this.bridgeMs);
    timer.unref();
    this.bridge = { started, intervalMicros, timer };
  }

  // takeBridge ends the bridge's timer for a profile about to start, and returns the bridge if it is running.
  private async takeBridge(): Promise<RunningBridge | undefined> {
    const bridge = this.bridge;
    if (bridge === undefined) return undefined;
    this.bridge = undefined;
    clearTimeout(bridge.timer);
    return (await bridge.started) ? { intervalMicros: bridge.intervalMicros } : undefined;
  }

  // closeBridge stops a bridge no profile took in time.
  private closeBridge(): void {
    const bridge = this.bridge;
    if (bridge === undefined) return;
    this.bridge = undefined;
    // Posted at once, ahead of anything a profile starting later posts.
    consoleProfile(this.channel, 'profileEnd').catch(() => {
      // The session is gone (the thread exited or fluoro closed), and its profiles with it.
    });
  }
}

interface Bridge {
  /** Whether the console profile started; false if it could not. */
  started: Promise<boolean>;
  /** V8's sampling interval while the bridge runs: the profile's before it. */
  intervalMicros: number;
  timer: NodeJS.Timeout;
}

/** RunningBridge is a bridge a profile about to start takes over. */
interface RunningBridge {
  intervalMicros: number;
}

// consoleProfile starts or ends the bridge's console profile in the thread a
// channel reaches, and tells whether it ran. The command line API's profile
// and profileEnd are V8's own, whatever the app did to its console.
async function consoleProfile(channel: InspectorChannel, call: 'profile' | 'profileEnd'): Promise<boolean> {
  const { exceptionDetails } = await channel.post<{ exceptionDetails?: unknown }>('Runtime.evaluate', {
    expression: `${call}(${JSON.stringify(BRIDGE_TITLE)})`,
    includeCommandLineAPI: true,
    silent: true,
  });
  return exceptionDetails === undefined;
}

// startV8Profile starts V8's profiler in the thread a channel reaches, then has
// V8 drop its optimized code: code optimized while no profile ran does not
// record how it inlines functions, so an inlined function's samples would
// be charged to its caller (a hot helper inlined into a request handler would
// vanish from the profile). Code V8 optimizes again, now that a profile
// runs, records it. Switching to precise coverage and back is the
// inspector's one way to deoptimize everything; the price is a moment of
// slower code at the start of the profile (V8 walks the heap twice and
// recompiles hot code), and V8 no longer flushes unused bytecode afterwards.
// Keeping a profile running all the time would do instead, but costs about
// 2% of an HTTP service's CPU: while any profile runs, V8 logs code events
// and sends every call into C++ through a slower, profiler-aware path. So
// CpuProfiler keeps one running only for a while after each profile (its
// bridge), and a profile that takes over a bridge skips the recompilation.
// Under NODE_V8_COVERAGE the switch would end Node's own coverage
// collection, so it is skipped there.
/** startV8Profile starts V8's CPU profiler through a channel, with code recompiled so inlined functions keep their names (see above) unless `recompile` is false, taking over a CpuProfiler's `bridge` if given. */
export async function startV8Profile(
  channel: InspectorChannel,
  intervalMicros: number,
  options: { recompile?: boolean; bridge?: RunningBridge } = {},
): Promise<void> {
  // Posted together, so the thread runs next to none of its own code between
  // the bridge's end and the profile's start: nothing is optimized unprofiled.
  const bridge = options.bridge;
  const endBridge = () =>
    consoleProfile(channel, 'profileEnd').catch(() => {
      // The session is gone, and the bridge with it; the start fails on its own.
      return false;
    });
  const posts =
    bridge?.intervalMicros === intervalMicros
      ? // V8 keeps its profiler, and with it the sampling interval (which it would refuse to change).
        [channel.post('Profiler.enable'), channel.post('Profiler.start'), endBridge()]
      : [
          bridge !== undefined ? endBridge() : undefined,
          channel.post('Profiler.enable'),
          channel.post('Profiler.setSamplingInterval', { interval: intervalMicros }),
          channel.post('Profiler.start'),
        ];
  await Promise.all(posts);
  if (options.recompile === false || process.env.NODE_V8_COVERAGE !== undefined) return;
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
