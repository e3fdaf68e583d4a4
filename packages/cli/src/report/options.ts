// ReportOptions: what pprof's report.Options carries from the driver to a
// report: the chosen sample value, units, trimming and the active filters.

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
  trimPath: string;
  /** Leave the profile's header lines (File:, Type:, ...) out of text reports, as pprof's shell does. */
  compactLabels?: boolean;
  /** -drop_negative: graphs leave out nodes with a negative value. */
  dropNegative?: boolean;
  /** -call_tree: the dot report tells a frame's call paths apart. */
  callTree?: boolean;
}
