// Collects one trace of the main thread from another thread: a CPU profile
// (the slices' samples), Node's tracing agent (NodeTracing), and the main
// thread's recorder, each driven through an inspector session of its own
// that is connected to the main thread. Every reply is waited for at most
// REPLY_TIMEOUT_MS (main-calls.ts). Two defects of NodeTracing driven from a
// worker are handled here: the last data arrives after tracingComplete (a
// command sent after stop is answered after it, nodejs/node#50527), and the
// agent sometimes sends malformed JSON, which throws inside node:inspector
// on this thread, outside any call of ours (inspector-guard.ts catches it).
// Loaded with the first trace (listener-tracer.ts, trace-worker.ts).

import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { InspectorChannel, SessionChannel } from '../channel.js';
import { startV8Profile } from '../cpu-profiler.js';
import { FluoroError } from '../errors.js';
import { learnLoaderMaps } from '../source-map-remote.js';
import type { CpuProfile } from '../v8-types.js';
import { buildTrace } from './build.js';
import type { TraceEvent } from './events.js';
import { setActiveTrace, activeTrace } from './inspector-guard.js';
import { bounded, evaluate, REPLY_TIMEOUT_MS } from './main-calls.js';
import { recorderExpression, type LoopUse } from './recorder-hook.js';
import { decodeRecords, RingReader, TraceFlags, type RingRecord } from './ring.js';
import { traceNow } from './records.js';
import type { TraceOptions, Tracer } from './tracer.js';

/** TRACE_SAMPLE_INTERVAL_MICROS is the CPU sampling interval during a trace: slice boundaries are this precise (1 ms cost twice the CPU: bench/RESULTS.md). */
export const TRACE_SAMPLE_INTERVAL_MICROS = 2000;

/** DRAIN_MS is how often the ring is drained while a trace runs. */
const DRAIN_MS = 50;

/** MAX_NODE_EVENTS and MAX_RECORD_BYTES bound what one trace keeps (the records: about 30 s of a server at 10,000 requests a second); the rest is counted as dropped. */
export const MAX_NODE_EVENTS = 1_000_000;
export const MAX_RECORD_BYTES = 128 << 20;

const gzipAsync = promisify(gzip);

interface Running {
  channel: InspectorChannel;
  session: SessionChannel;
  reader: RingReader;
  /** The ring's bytes, copied out while the trace runs, decoded when it ends. */
  records: Buffer[];
  recordBytes: number;
  nodeEvents: TraceEvent[];
  /** Record bytes over MAX_RECORD_BYTES, Node events over MAX_NODE_EVENTS. */
  droppedBytes: number;
  droppedNodeEvents: number;
  failure: FluoroError | undefined;
  drain: NodeJS.Timeout | undefined;
  options: TraceOptions;
  startTs: number;
  timeNanos: number;
  recorder: boolean;
}

/** TraceCollector is a Tracer running on a thread other than the main one. */
export class TraceCollector implements Tracer {
  private run: Running | undefined;
  private readonly flags: TraceFlags;
  private readonly replyTimeoutMs: number;

  constructor(
    private readonly options: {
      /** connect opens a new inspector session to the main thread. */
      connect: () => SessionChannel;
      /** The process's trace memory (ring.ts). */
      memory: SharedArrayBuffer;
      replyTimeoutMs?: number;
    },
  ) {
    this.flags = new TraceFlags(options.memory);
    this.replyTimeoutMs = options.replyTimeoutMs ?? REPLY_TIMEOUT_MS;
  }

  async start(options: TraceOptions): Promise<void> {
    if (!this.flags.tryLock()) throw new FluoroError('ERR_TRACE_IN_USE', 'runtime error: tracing is already enabled');
    let session: SessionChannel;
    try {
      session = this.options.connect();
    } catch (err) {
      this.flags.unlock();
      throw err;
    }
    const run: Running = {
      session,
      channel: bounded(session, this.replyTimeoutMs),
      reader: new RingReader(this.options.memory),
      records: [],
      recordBytes: 0,
      nodeEvents: [],
      droppedBytes: 0,
      droppedNodeEvents: 0,
      failure: undefined,
      drain: undefined,
      options,
      startTs: 0,
      timeNanos: 0,
      recorder: false,
    };
    session.on('NodeTracing.dataCollected', ({ params }) => {
      const value = (params as { value?: unknown }).value;
      if (!Array.isArray(value)) {
        run.failure ??= new FluoroError('ERR_TRACE_DATA', "Node's tracing agent sent data that is not a list of events");
        return;
      }
      for (const e of value) {
        if (typeof e !== 'object' || e === null || typeof e.ph !== 'string' || typeof e.name !== 'string') {
          run.failure ??= new FluoroError('ERR_TRACE_DATA', `Node's tracing agent sent something that is not a trace event: ${JSON.stringify(e).slice(0, 200)}`);
          return;
        }
        if (run.nodeEvents.length < MAX_NODE_EVENTS) run.nodeEvents.push(e as TraceEvent);
        else run.droppedNodeEvents++;
      }
    });
    this.run = run;
    setActiveTrace(this);
    try {
      this.flags.setRecording(true);
      // Recompiled code, as for /profile: otherwise a function optimized before the trace (a spinning loop) loses its name.
      await startV8Profile(run.channel, TRACE_SAMPLE_INTERVAL_MICROS);
      run.startTs = traceNow();
      run.timeNanos = Date.now() * 1e6;
      await run.channel.post('NodeTracing.start', { traceConfig: { includedCategories: options.categories, recordMode: 'recordContinuously' } });
      run.recorder = (await evaluate(run.channel, recorderExpression(`start(${options.asyncDetail})`))) !== null;
      run.drain = setInterval(() => keep(run, run.reader.drain()), DRAIN_MS);
    } catch (err) {
      this.end(run);
      throw err;
    }
  }

  async stop(): Promise<Buffer> {
    const run = this.take();
    const endTs = traceNow();
    let profile: CpuProfile | undefined;
    let loop: LoopUse | null = null;
    try {
      // The recorder writes its last readings as it stops: recording ends after it.
      loop = await evaluate<LoopUse>(run.channel, recorderExpression('stop()'));
      this.flags.setRecording(false);
      await run.channel.post('NodeTracing.stop');
      await run.channel.post('NodeTracing.getCategories');
      ({ profile } = await run.channel.post<{ profile: CpuProfile }>('Profiler.stop'));
      await learnLoaderMaps(run.channel, profile);
    } finally {
      this.end(run);
    }
    if (run.failure !== undefined) throw run.failure;
    let records: RingRecord[];
    try {
      records = decodeRecords(run.records);
    } catch (err) {
      throw new FluoroError('ERR_TRACE_DATA', `the main thread's trace records are corrupt: ${(err as Error).message}`, { cause: err });
    }
    const file = buildTrace({
      nodeEvents: run.nodeEvents,
      records,
      profile,
      startTs: run.startTs,
      endTs,
      timeNanos: run.timeNanos,
      categories: run.options.categories,
      detail: run.options.asyncDetail ? 'async' : 'default',
      sampleIntervalMicros: TRACE_SAMPLE_INTERVAL_MICROS,
      loop,
      recorder: run.recorder,
      dropped: { bytes: run.reader.dropped + run.droppedBytes, nodeEvents: run.droppedNodeEvents },
    });
    return gzipAsync(JSON.stringify(file));
  }

  async abort(): Promise<void> {
    const run = this.take();
    try {
      this.flags.setRecording(false);
      await evaluate(run.channel, recorderExpression('stop()'));
      await run.channel.post('NodeTracing.stop');
      await run.channel.post('Profiler.stop');
    } catch {
      // Nobody waits for this trace any more; closing the session below ends whatever did not stop.
    } finally {
      this.end(run);
    }
  }

  close(): void {
    if (this.run !== undefined) this.end(this.run);
  }

  /** fail marks the running trace as lost. */
  fail(err: FluoroError): void {
    if (this.run !== undefined) this.run.failure ??= err;
  }

  private take(): Running {
    const run = this.run;
    if (run === undefined) throw new FluoroError('ERR_TRACE_DATA', 'no trace is running');
    return run;
  }

  // end releases everything a trace holds. A session whose replies timed
  // out is closed too: the main thread handles the disconnect (which stops
  // what the session started) after the commands queued before it, so the
  // next trace's commands find a clean state.
  private end(run: Running): void {
    clearInterval(run.drain);
    keep(run, run.reader.drain());
    this.flags.setRecording(false);
    run.session.close();
    if (this.run === run) this.run = undefined;
    if (activeTrace() === this) setActiveTrace(undefined);
    this.flags.unlock();
  }
}

function keep(run: Running, runs: Buffer[]): void {
  for (const r of runs) {
    if (run.recordBytes + r.length > MAX_RECORD_BYTES) {
      run.droppedBytes += r.length;
      continue;
    }
    run.records.push(r);
    run.recordBytes += r.length;
  }
}
