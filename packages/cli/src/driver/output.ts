// Where a finished report goes, as pprof's generateReport decides it for
// the command line and the shell alike: the -output file (or the shell's
// >file), else stdout, except that binary and SVG output never goes to a
// terminal (pprof's awayFromTTY) but to a new ./profileNNN file.

import { writeOutputFile } from './files.js';
import type { PprofResult } from './pprof.js';
import { writeNewFile } from './tempfile.js';

/** ReportSink is where deliverReport writes. */
export interface ReportSink {
  /** stdout is a terminal (the shell always counts as one). */
  terminal: boolean;
  stdout(data: string | Uint8Array): void;
  /** Warnings and "Generating report in" lines, one per call. */
  stderr(line: string): void;
}

/** deliverReport prints a report's warnings, then writes the report where pprof would. */
export function deliverReport(res: PprofResult, sink: ReportSink): void {
  for (const w of res.warnings) sink.stderr(w);
  const data = res.binary ?? res.output;
  let file = res.file;
  if (file === '' && res.ttySuffix !== undefined && sink.terminal) {
    file = writeNewFile('.', 'profile', res.ttySuffix, res.binary ?? Buffer.from(res.output));
    sink.stderr(`Generating report in ${file}`);
    return;
  }
  if (file === '') return sink.stdout(data);
  sink.stderr(`Generating report in ${file}`);
  writeOutputFile(file, data);
}
