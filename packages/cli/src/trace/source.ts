// Where `fluoro trace` gets its trace: a file, or a URL fetched the way
// `fluoro pprof` fetches profiles (driver/url-source.ts: Go's URL rules,
// -seconds in the query, Go's error words), with /debug/pprof/trace as the
// path when the source names only a host and port. A fetched trace is
// saved under $PPROF_TMPDIR (else $HOME/pprof) as pprof saves profiles, so
// it can be opened again without tracing again.

import { goDuration } from '../measurement/gotime.js';
import { readSourceFile } from '../driver/files.js';
import { profileDir, writeNewFile } from '../driver/tempfile.js';
import type { DriverUI } from '../driver/ui.js';
import { adjustURL, fetchURL, type RemoteSource } from '../driver/url-source.js';
import { AnalyzerError } from '../errors.js';
import { buildTrace, type Trace } from './model.js';
import { readTrace } from './read.js';

/** TRACE_PATH is the endpoint's path, used when a URL source gives none. */
export const TRACE_PATH = '/debug/pprof/trace';

/** TraceSourceOptions are the fetch flags. */
export interface TraceSourceOptions {
  /** -seconds, or -1 for the URL's own (else the endpoint's default, 1 s). */
  seconds: number;
  /** -timeout in seconds, or -1 for pprof's rule (1.5 times the duration, else 60 s). */
  timeout: number;
  env: NodeJS.ProcessEnv;
}

/** LoadedTrace is a read trace with its bytes and where they came from. */
export interface LoadedTrace {
  trace: Trace;
  bytes: Uint8Array;
  /** The source as given, for titles. */
  source: string;
}

// remoteTrace is pprof's URL adjustment with the trace endpoint as the
// default path: adjustURL puts /debug/pprof/profile on a URL without one.
function remoteTrace(source: string, o: TraceSourceOptions): RemoteSource | undefined {
  const r = adjustURL(source, o.seconds, o.timeout);
  if (r === undefined) return undefined;
  const url = new URL(r.url);
  if (url.pathname === '/debug/pprof/profile' && !source.includes('/debug/pprof/profile')) {
    url.pathname = TRACE_PATH;
    return { ...r, url: url.href };
  }
  return r;
}

async function download(source: string, remote: RemoteSource, ui: DriverUI): Promise<Buffer> {
  ui.printErr('Fetching trace over HTTP from ' + remote.url);
  const seconds = Number(new URL(remote.url).searchParams.get('seconds'));
  const duration = remote.seconds > 0 ? remote.seconds : Number.isFinite(seconds) && seconds > 0 ? seconds : 1;
  ui.printErr(`Please wait... (${goDuration(duration * 1e9)})`);
  const started = Date.now();
  const tick = ui.progress
    ? setInterval(() => ui.progress!(`Waiting for ${source}: ${((Date.now() - started) / 1000).toFixed(0)}s of ${duration}s`), 1000)
    : undefined;
  try {
    return await fetchURL(remote);
  } catch (err) {
    throw new AnalyzerError(`${source}: ${(err as Error).message}`, { cause: err, code: 'ERR_SOURCE' });
  } finally {
    if (tick) {
      clearInterval(tick);
      ui.progress!('');
    }
  }
}

function save(bytes: Uint8Array, ui: DriverUI, env: NodeJS.ProcessEnv): void {
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  try {
    const dir = profileDir(env, (l) => ui.printErr(l));
    ui.printErr('Saved trace in ' + writeNewFile(dir, 'trace.', gzip ? '.json.gz' : '.json', bytes));
  } catch (err) {
    ui.printErr('Could not save trace: ' + (err as Error).message);
  }
}

/** loadTrace reads a trace file, or fetches one from a URL and saves it; the trace is read whole before it is saved. */
export async function loadTrace(source: string, o: TraceSourceOptions, ui: DriverUI): Promise<LoadedTrace> {
  const remote = remoteTrace(source, o);
  const bytes = remote ? await download(source, remote, ui) : readSourceFile(source);
  let trace: Trace;
  try {
    trace = buildTrace(readTrace(bytes));
  } catch (err) {
    throw new AnalyzerError(`${source}: ${(err as Error).message}`, { cause: err, code: 'ERR_TRACE' });
  }
  if (remote) save(bytes, ui, o.env);
  return { trace, bytes, source };
}
