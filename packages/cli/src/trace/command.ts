// `fluoro trace [flags] FILE|URL`, Node's `go tool trace`: reads a trace
// that /debug/pprof/trace served (a file, or fetched from the endpoint) and
// prints its summary (-summary, the default), writes a pprof profile of
// waiting time (-pprof=TYPE), or serves a timeline in the web UI (-http).
// Flags use Go's syntax (driver/flags.ts). Any failure is one line and exit
// code 1, as for `fluoro pprof`.

import { encodeProfile, isLoopback } from '@fluoro/profile';
import { AnalyzerError } from '../errors.js';
import { parseFlags, type FlagSpec, type FlagValues } from '../driver/flags.js';
import { deliverReport } from '../driver/output.js';
import type { DriverUI } from '../driver/ui.js';
import { openBrowser } from '../web/browser.js';
import { parseHostPort } from '../web/hostport.js';
import { serveTrace } from '../web/trace-server.js';
import { loadTrace, TRACE_PATH } from './source.js';
import { computeSummary } from './summary.js';
import { formatSummary } from './summary-text.js';
import { isWaitType, WAIT_HELP, WAIT_TYPES, waitProfile } from './waits-profile.js';

/** TRACE_FLAGS are the flags of `fluoro trace`. */
export const TRACE_FLAGS: ReadonlyMap<string, FlagSpec> = new Map([
  ['summary', { kind: 'bool', help: 'Print a summary of the trace (the default)' }],
  ['pprof', { kind: 'string', help: 'Write a pprof profile of waiting time: net, sync, syscall or sched' }],
  ['output', { kind: 'string', help: 'Write the -pprof profile to this file' }],
  ['http', { kind: 'string', help: 'Serve the timeline in the web UI at host:port' }],
  ['no_browser', { kind: 'bool', help: 'Skip opening a browser for -http' }],
  ['seconds', { kind: 'int', help: 'Length of the trace to take from a URL' }],
  ['timeout', { kind: 'int', help: 'Timeout in seconds for fetching a trace' }],
]);

/** traceUsage is the -help text. */
export function traceUsage(): string {
  const flag = (name: string, help: string) => `    ${name.padEnd(18)} ${help}`;
  return [
    'usage: fluoro trace [flags] FILE|URL',
    '',
    'Reads a trace served by /debug/pprof/trace (gzip\'d or plain Chrome trace JSON),',
    'or takes one from a running service:',
    `    fluoro trace -summary 'http://127.0.0.1:6060${TRACE_PATH}?seconds=5'`,
    '    fluoro trace -seconds 5 127.0.0.1:6060',
    'A fetched trace is saved under $PPROF_TMPDIR (default $HOME/pprof).',
    '',
    'Flags:',
    flag('-summary', TRACE_FLAGS.get('summary')!.help),
    flag('-pprof=TYPE', 'Write a pprof profile of waiting time by stack, as go tool trace -pprof:'),
    ...WAIT_TYPES.map((t) => flag('', `  ${t}: ${WAIT_HELP[t]}`)),
    flag('-output FILE', TRACE_FLAGS.get('output')!.help + ' (else stdout, or a new file when stdout is a terminal)'),
    flag('-http=host:port', TRACE_FLAGS.get('http')!.help),
    flag('-no_browser', TRACE_FLAGS.get('no_browser')!.help),
    flag('-seconds N', TRACE_FLAGS.get('seconds')!.help),
    flag('-timeout N', TRACE_FLAGS.get('timeout')!.help),
    '',
  ].join('\n');
}

/** TraceIO is where the command reads and writes. */
export interface TraceIO {
  stdout: (data: string | Uint8Array) => void;
  /** One line per call, without its newline. */
  stderr: (line: string) => void;
  /** stdout is a terminal: -pprof's binary output then goes to a new file. */
  terminal: boolean;
  /** Shows a transient status line while fetching; absent when stderr is not a terminal. */
  progress?: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

type Mode = { kind: 'summary' } | { kind: 'pprof'; type: string } | { kind: 'http'; address: string };

function modeOf(flags: FlagValues): Mode {
  const modes: Mode[] = [];
  if (flags.get('summary') === true) modes.push({ kind: 'summary' });
  if (flags.has('pprof')) modes.push({ kind: 'pprof', type: String(flags.get('pprof')) });
  if (flags.has('http')) modes.push({ kind: 'http', address: String(flags.get('http')) });
  if (modes.length > 1) throw new AnalyzerError('must set at most one of -summary, -pprof and -http');
  return modes[0] ?? { kind: 'summary' };
}

/** runTrace runs `fluoro trace` with args; it resolves when done, or once the -http server listens. */
export async function runTrace(args: string[], io: TraceIO): Promise<void> {
  const { flags, rest } = parseFlags(args, new Map(TRACE_FLAGS));
  const mode = modeOf(flags);
  if (rest.length !== 1) throw new AnalyzerError(rest.length === 0 ? 'no trace source specified' : `want one trace source, got ${rest.length}`);
  // Bad -pprof types and addresses fail before a trace is taken, not after.
  if (mode.kind === 'pprof' && !isWaitType(mode.type)) throw new AnalyzerError(`unknown pprof type ${mode.type}: want one of ${WAIT_TYPES.join(', ')}`);
  const address = mode.kind === 'http' ? parseHostPort(mode.address) : undefined;
  if (flags.has('output') && mode.kind !== 'pprof') throw new AnalyzerError('-output is for -pprof');
  const ui: DriverUI = { print: io.stderr, printErr: io.stderr, ...(io.progress ? { progress: io.progress } : {}) };
  const seconds = flags.has('seconds') ? Number(flags.get('seconds')) : -1;
  const timeout = flags.has('timeout') ? Number(flags.get('timeout')) : -1;
  const loaded = await loadTrace(rest[0], { seconds, timeout, env: io.env }, ui);
  const trace = loaded.trace;
  switch (mode.kind) {
    case 'summary':
      io.stdout(formatSummary(computeSummary(trace), { cwd: io.cwd }));
      return;
    case 'pprof': {
      const type = mode.type as (typeof WAIT_TYPES)[number];
      const file = flags.has('output') ? String(flags.get('output')) : '';
      deliverReport({ output: '', file, warnings: [], binary: encodeProfile(waitProfile(trace, type)), ttySuffix: '.pb.gz' }, { terminal: io.terminal, stdout: io.stdout, stderr: io.stderr });
      return;
    }
    case 'http': {
      const server = await serveTrace({ loaded, host: address!.host, port: address!.port, localOnly: isLoopback(address!.host), log: io.stderr });
      io.stderr(`Serving web UI on ${server.url}`);
      if (flags.get('no_browser') !== true) {
        openBrowser(server.url + '/trace/', io.env);
      }
      return;
    }
  }
}

/** traceMain is the `fluoro trace` command for main.ts: its exit code, errors as one line. */
export async function traceMain(args: string[], io: TraceIO): Promise<number> {
  try {
    await runTrace(args, io);
    return 0;
  } catch (err) {
    if (err instanceof AnalyzerError && err.code === 'ERR_HELP') {
      io.stderr(traceUsage().trimEnd());
      return 0;
    }
    const msg = err instanceof Error ? err.message : String(err);
    io.stderr(msg.split('\n')[0]);
    return 1;
  }
}
