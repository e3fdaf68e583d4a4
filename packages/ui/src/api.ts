// Requests to the server's JSON views. Errors come back as one line of
// plain text (the CLI's message), which the page shows as is.

/** ValueType is a sample type and its unit. */
export interface ValueType {
  type: string;
  unit: string;
}

/** Header is the part every view response starts with. */
export interface Header {
  legend: string[];
  warnings: string[];
  sampleType: string;
  sampleUnit: string;
  outputUnit: string;
  total: number;
}

/** Meta describes the loaded profile. */
export interface Meta {
  title: string;
  sampleTypes: ValueType[];
  defaultSampleType: string;
  diff: boolean;
}

/** FlameData is the flame graph in preorder columns (see the CLI's report/flamegraph.ts). */
export interface FlameData {
  names: string[];
  files: string[];
  frame: number[];
  depth: number[];
  cum: number[];
  self: number[];
  delta?: number[];
  elided: number;
  minValue: number;
}

/** FlameView is a flame graph with its header. */
export interface FlameView extends Header {
  flame: FlameData;
}

/** TopRow is one row of the top table. */
export interface TopRow {
  name: string;
  inlineLabel: string;
  flat: number;
  cum: number;
  flatFormat: string;
  cumFormat: string;
}

/** TopView is the top table. */
export interface TopView extends Header {
  labels: string[];
  rows: TopRow[];
}

/** ApiError is a failed view request with the server's message. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** getView fetches one view's JSON for a query. */
export async function getView<T>(base: string, view: string, q: URLSearchParams): Promise<T> {
  const s = q.toString();
  const res = await fetch(`${base}api/${view}${s ? '?' + s : ''}`);
  if (!res.ok) throw new ApiError(res.status, (await res.text()).trim());
  return (await res.json()) as T;
}

/** SandwichView is the callers and callees trees of one function. */
export interface SandwichView extends Header {
  callers: FlameData;
  callees: FlameData;
}

/** TreeEdge is a caller or callee with its weight. */
export interface TreeEdge {
  name: string;
  inline: boolean;
  weight: number;
}

/** PeekView lists callers and callees of the matching functions. */
export interface PeekView extends Header {
  entries: { name: string; flat: number; cum: number; callers: TreeEdge[]; callees: TreeEdge[] }[];
}

/** SourceView is the annotated source of the matching functions. */
export interface SourceView extends Header {
  list: {
    total: number;
    functions: {
      name: string;
      routines: { name: string; file: string; flat: number; cum: number; lines: { lineno: number; text: string; flat: number; cum: number }[]; error?: string }[];
    }[];
  };
}
