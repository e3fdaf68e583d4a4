#!/usr/bin/env node
// The `fluoro` command. `fluoro pprof [flags] source...` analyzes profiles
// like `go tool pprof`; `fluoro trace [flags] FILE|URL` reads execution
// traces like `go tool trace`. Any failure is one line on stderr and exit code 1.

import { join } from 'node:path';
import { AnalyzerError } from './errors.js';
import { fetchProfiles } from './driver/fetch.js';
import { pathError } from './driver/files.js';
import { deliverReport } from './driver/output.js';
import { parsePprofArgs, runReport } from './driver/pprof.js';
import { usage } from './driver/usage.js';
import type { DriverUI } from './driver/ui.js';
import { isWebCommand } from './web/flags.js';

// A reader that stops early (`fluoro pprof -traces big.pb.gz | head`) closes
// the pipe; like Go, which dies of SIGPIPE there, end quietly. Any other
// failure (a full disk) is Go's one line.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  process.stderr.write(pathError('write', '/dev/stdout', err).message + '\n');
  process.exit(1);
});

// The progress line rewrites itself in place, so it only makes sense on a
// terminal; piped stderr gets exactly pprof's lines.
const stderrUI: DriverUI = {
  print: (l) => process.stderr.write(l + '\n'),
  printErr: (l) => process.stderr.write(l + '\n'),
  ...(process.stderr.isTTY ? { progress: (t: string) => process.stderr.write('\r\x1b[K' + t) } : {}),
};

async function pprofMain(args: string[]): Promise<number> {
  try {
    // -http serves the web UI (the process lives on with the server); -flamegraph writes HTML.
    // Its modules load only then: a report's command line loads no module of the web UI.
    if (isWebCommand(args)) {
      const { runWebCommand } = await import('./web/cli.js');
      await runWebCommand(args, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env });
      return 0;
    }
    const inv = parsePprofArgs(args);
    const p = await fetchProfiles(inv.source, stderrUI);
    if (!inv.cfg.report) {
      const { runShell } = await import('./driver/shell.js');
      await runShell(p, inv.cfg, {
        input: process.stdin,
        stdout: process.stdout,
        stderr: (l) => process.stderr.write(l.endsWith('\n') ? l : l + '\n'),
        terminal: process.stdin.isTTY === true && process.stderr.isTTY === true,
        stderrStream: process.stderr,
        env: process.env,
        ...(process.env.HOME ? { historyFile: join(process.env.HOME, '.fluoro_pprof_history') } : {}),
      });
      return 0;
    }
    deliverReport(await runReport(p, inv.cfg), {
      terminal: process.stdout.isTTY === true,
      stdout: (data) => process.stdout.write(data),
      stderr: (l) => process.stderr.write(l + '\n'),
    });
    return 0;
  } catch (err) {
    if (err instanceof AnalyzerError && err.code === 'ERR_HELP') {
      process.stderr.write(usage());
      return 0;
    }
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(msg.split('\n')[0] + '\n');
    return 1;
  }
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'pprof') return pprofMain(rest);
  if (cmd === 'run') return (await import('./run/command.js')).runMain(rest);
  if (cmd === 'trace') {
    const { traceMain } = await import('./trace/command.js');
    return traceMain(rest, {
      stdout: (data) => process.stdout.write(data),
      stderr: (l) => process.stderr.write(l + '\n'),
      terminal: process.stdout.isTTY === true,
      ...(stderrUI.progress ? { progress: stderrUI.progress } : {}),
      env: process.env,
      cwd: process.cwd(),
    });
  }
  const usageLine = 'usage: fluoro pprof [flags] source... | fluoro trace [flags] FILE|URL | fluoro run [flags] -- command...';
  process.stderr.write(cmd === undefined ? usageLine + '\n' : `fluoro: unknown command "${cmd}"; ${usageLine}\n`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
