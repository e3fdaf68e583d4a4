#!/usr/bin/env node
// The `fluoro` command. `fluoro pprof [flags] source...` analyzes profiles
// like `go tool pprof`. Any failure is one line on stderr and exit code 1.

import { writeFileSync } from 'node:fs';
import { AnalyzerError } from './driver/errors.js';
import { usage } from './driver/options.js';
import { runPprof } from './driver/pprof.js';

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  if (cmd !== 'pprof') {
    process.stderr.write(cmd === undefined ? 'usage: fluoro pprof [flags] source...\n' : `fluoro: unknown command "${cmd}"; usage: fluoro pprof [flags] source...\n`);
    return 1;
  }
  try {
    const res = runPprof(rest);
    for (const w of res.warnings) process.stderr.write(w + '\n');
    if (res.file === '') {
      process.stdout.write(res.output);
    } else {
      process.stderr.write(`Generating report in ${res.file}\n`);
      writeFileSync(res.file, res.output);
    }
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

process.exitCode = main(process.argv.slice(2));
