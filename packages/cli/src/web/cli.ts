// The two commands that use the browser app: `fluoro pprof -http=host:port
// [-no_browser] source...` serves the UI, and `fluoro pprof -flamegraph
// [-output FILE] source...` writes one self-contained HTML flame graph. They
// accept every other pprof flag, which sets the UI's starting view.

import { isLoopback } from '@fluoro/profile';
import { AnalyzerError } from '../errors.js';
import { fetchProfiles } from '../driver/fetch.js';
import { parseFlags, type FlagValues } from '../driver/flags.js';
import { configFromFlags, sourceFromFlags } from '../driver/options.js';
import { deliverReport } from '../driver/output.js';
import type { DriverUI } from '../driver/ui.js';
import { loadAssets } from './assets.js';
import { openBrowser } from './browser.js';
import { parseHostPort } from './hostport.js';
import { listen, warm, type WebServer } from './server.js';
import { newSession, type Session } from './session.js';
import { flameGraphHTML } from './standalone.js';
import { flameView } from './views.js';
import { WEB_COMMAND_FLAGS, WEB_FLAGS } from './flags.js';

const OWN = new Set(WEB_FLAGS.keys());

/** WebIO is where the web commands print. */
export interface WebIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

async function loadSession(args: string[], io: WebIO): Promise<{ session: Session; flags: FlagValues }> {
  const { flags, rest } = parseFlags(args, WEB_COMMAND_FLAGS);
  if (rest.length === 0) throw new AnalyzerError('no profile source specified');
  const pprofFlags: FlagValues = new Map([...flags].filter(([k]) => !OWN.has(k) && k !== 'output'));
  const cfg = configFromFlags(pprofFlags);
  if (cfg.report) throw new AnalyzerError('must set at most one output format');
  const ui: DriverUI = { print: (l) => io.stderr(l + '\n'), printErr: (l) => io.stderr(l + '\n') };
  const profile = await fetchProfiles(sourceFromFlags(pprofFlags, rest, cfg), ui, { env: io.env });
  return { session: newSession(profile, pprofFlags, rest), flags };
}

/** runFlameGraphFile writes the -flamegraph HTML to -output or stdout. */
export async function runFlameGraphFile(args: string[], io: WebIO): Promise<void> {
  const { session, flags } = await loadSession(args, io);
  const view = flameView(session, new URLSearchParams());
  const html = flameGraphHTML(view, session.sources.join(' '), loadAssets());
  const file = flags.has('output') ? String(flags.get('output')) : '';
  // The page is text: like -top it goes to stdout or -output, terminal or not.
  deliverReport({ output: html, file, warnings: view.warnings }, {
    terminal: false,
    stdout: (data) => io.stdout(String(data)),
    stderr: (line) => io.stderr(line + '\n'),
  });
}

/** runWebUI loads the sources, serves the UI and opens a browser unless -no_browser. */
export async function runWebUI(args: string[], io: WebIO): Promise<WebServer> {
  // A bad address fails before minutes of loading, not after.
  const { host, port } = parseHostPort(String(parseFlags(args, WEB_COMMAND_FLAGS).flags.get('http')));
  const { session, flags } = await loadSession(args, io);
  // The flame graph is computed before the URL is printed, so that the first
  // page a browser opens paints at once even for a big profile.
  await warm(session, ['meta', 'flamegraph']);
  const server = await listen(
    { session, assets: loadAssets(), localOnly: isLoopback(host), log: (l) => io.stderr(l + '\n') },
    host,
    port,
  );
  io.stderr(`Serving web UI on ${server.url}\n`);
  if (flags.get('no_browser') !== true) {
    openBrowser(server.url + '/ui/', io.env);
    // The browser asks for the graph first; start graphviz and the layout now.
    void warm(session, ['graph']);
  }
  return server;
}

/** runWebCommand runs -http or -flamegraph. */
export async function runWebCommand(args: string[], io: WebIO): Promise<WebServer | undefined> {
  const { flags } = parseFlags(args, WEB_COMMAND_FLAGS);
  if (flags.has('http')) return runWebUI(args, io);
  await runFlameGraphFile(args, io);
  return undefined;
}
