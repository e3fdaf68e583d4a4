// ReportOptions: what pprof's report.Options carries from the driver to a
// report: the chosen sample value, units, trimming, the active filters and
// where source files are.

/** ReportOptions configures every report. */
export interface ReportOptions {
  sampleIndex: number;
  /** Value index to divide by for -mean (always 0 in pprof), or -1. */
  meanIndex: number;
  sampleType: string;
  sampleUnit: string;
  /** -unit; "minimum" picks one per report. */
  outputUnit: string;
  cumSort: boolean;
  nodeCount: number;
  nodeFraction: number;
  edgeFraction: number;
  activeFilters: string[];
  numLabelUnits: Map<string, string>;
  /** 1 / -divide_by. */
  ratio: number;
  /** -trim_path: build-machine prefixes to take off file names. */
  trimPath: string;
  /** -source_path: where -list looks for source files. */
  sourcePath: string;
  /** The -peek or -list regexp. */
  symbol?: RegExp;
  /** Leave the profile's header lines (File:, Type:, ...) out of text reports, as pprof's shell does. */
  compactLabels?: boolean;
  /** -drop_negative: graphs leave out nodes with a negative value. */
  dropNegative?: boolean;
  /** -call_tree: the dot report tells a frame's call paths apart. */
  callTree?: boolean;
}
