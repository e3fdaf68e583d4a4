// The files `fluoro run` leaves in its output folder, shared by the preload
// that writes them and the command that gathers them.

/** RunProcessInfo describes one profiled process (DIR/process.<pid>.json). */
export interface RunProcessInfo {
  pid: number;
  ppid: number;
  /** node, its options, then the script and its arguments. */
  argv: string[];
  /** File names, relative to the folder. */
  cpu: string;
  heap: string;
  durationNanos: number;
  exitCode: number;
}

/** processFiles names the files of one process. */
export function processFiles(pid: number): { cpu: string; heap: string; info: string } {
  return { cpu: `cpu.${pid}.pb.gz`, heap: `heap.${pid}.pb.gz`, info: `process.${pid}.json` };
}

/** PER_PROCESS_FILE matches the per-process files, so a new run can clear a previous run's. */
export const PER_PROCESS_FILE = /^(cpu|heap)\.\d+\.pb\.gz$|^process\.\d+\.json$/;
