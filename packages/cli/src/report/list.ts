// -list: annotated source of the functions whose name matches a regexp
// (pprof's printSource). The graph is built at line granularity, untrimmed;
// each function's lines in each of its files are summed per source line and
// printed from a few lines before the first sampled line to a few after the
// last (or from the function's start line when the profile has it).

import { isNegative, newNode, type GraphNode } from '../graph/graph.js';
import { reportFrames, reportValues } from './frames.js';
import { goSprint } from '../graph/nodeinfo.js';
import { padLeft } from '../measurement/gofmt.js';
import { percentage } from '../measurement/units.js';
import { AnalyzerError } from '../errors.js';
import { formatValue, type Report } from './report.js';
import { SourceReader } from './sourcefile.js';

/** ListLine is one source line with its values. */
export interface ListLine {
  lineno: number;
  text: string;
  flat: number;
  cum: number;
}

/** ListRoutine is one function in one file: its totals and lines, or why they are missing. */
export interface ListRoutine {
  name: string;
  file: string;
  flat: number;
  cum: number;
  lines: ListLine[];
  error?: string;
}

/** ListReport is the -list report as data; a name without file information has no routines. */
export interface ListReport {
  total: number;
  functions: { name: string; routines: ListRoutine[] }[];
}

/** Lines of context before the first and after the last sampled line. */
const MARGIN = 5;

function cmp(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupBy(nodes: GraphNode[], key: (n: GraphNode) => string): Map<string, GraphNode[]> {
  const m = new Map<string, GraphNode[]>();
  for (const n of nodes) {
    const k = key(n);
    const list = m.get(k);
    if (list) list.push(n);
    else m.set(k, [n]);
  }
  return m;
}

function sourceLines(file: string, reader: SourceReader, fns: GraphNode[]): ListLine[] {
  const first = fns[0].info;
  let start = first.startLine !== 0 ? first.startLine : first.lineno - MARGIN;
  let end = first.lineno + MARGIN;
  const byLine = new Map<number, { flat: number; cum: number }>();
  for (const n of fns) {
    const lineno = n.info.lineno;
    const nodeStart = n.info.startLine !== 0 ? n.info.startLine : lineno - MARGIN;
    const nodeEnd = lineno + MARGIN;
    if (nodeStart < start) start = nodeStart;
    else if (nodeEnd > end) end = nodeEnd;
    const v = byLine.get(lineno) ?? { flat: 0, cum: 0 };
    v.flat += n.flat;
    v.cum += n.cum;
    byLine.set(lineno, v);
  }
  if (start < 1) start = 1;
  const out: ListLine[] = [];
  for (let lineno = start; lineno <= end; lineno++) {
    const text = reader.line(file, lineno);
    if (text === undefined) break;
    const v = byLine.get(lineno);
    out.push({ lineno, text, flat: v?.flat ?? 0, cum: v?.cum ?? 0 });
  }
  return out;
}

// matchingNodes are the nodes of the report's graph (pprof builds it with
// object names, untrimmed) whose function name matches symbol, in graph
// order. Only their values are needed, not the graph's edges, which on a
// big profile are most of its cost.
function matchingNodes(rpt: Report, symbol: RegExp): GraphNode[] {
  const o = rpt.options;
  const fi = reportFrames(rpt, true);
  const v = reportValues(rpt, fi);
  const out: GraphNode[] = [];
  for (let n = 0; n < fi.infos.length; n++) {
    if (v.cum[n] === 0 && v.flat[n] === 0) continue;
    if (o.dropNegative && isNegative(v.flat[n], v.cum[n])) continue;
    if (symbol.test(fi.infos[n].name)) out.push(newNode(fi, n, v.flat[n], v.flatDiv[n], v.cum[n], v.cumDiv[n]));
  }
  return out;
}

/** listSource computes the -list report for functions matching symbol. */
export function listSource(rpt: Report, symbol: RegExp, sourcePath: string): ListReport {
  const o = rpt.options;
  const byName = groupBy(matchingNodes(rpt, symbol), (n) => n.info.name);
  if (byName.size === 0) throw new AnalyzerError(`no matches found for regexp: ${symbol.source}`);
  const reader = new SourceReader(sourcePath !== '' ? sourcePath : process.cwd(), o.trimPath);
  const functions: ListReport['functions'] = [];
  for (const name of [...byName.keys()].sort(cmp)) {
    const byFile = groupBy(byName.get(name)!.filter((n) => n.info.file !== ''), (n) => n.info.file);
    const files = [...byFile.values()].sort(
      (a, b) => cmp(a[0].info.file, b[0].info.file) || cmp(a[0].info.startLine, b[0].info.startLine) ||
        cmp(goSprint(a[0].info), goSprint(b[0].info)),
    );
    const routines: ListRoutine[] = files.map((fns) => {
      const file = fns[0].info.file;
      let flat = 0;
      let cum = 0;
      for (const n of fns) {
        flat += n.flat;
        cum += n.cum;
      }
      const lines = sourceLines(file, reader, fns);
      const err = reader.fileError(file);
      return { name, file, flat, cum, lines: err ? [] : lines, error: err?.message };
    });
    functions.push({ name, routines });
  }
  return { total: rpt.total, functions };
}

function valueOrDot(rpt: Report, v: number): string {
  return v === 0 ? '.' : formatValue(rpt, v);
}

/** formatList prints the -list report. */
export function formatList(rpt: Report, list: ListReport): string {
  let s = `Total: ${formatValue(rpt, list.total)}\n`;
  for (const f of list.functions) {
    if (f.routines.length === 0) {
      s += `No source information for ${f.name}\n`;
      continue;
    }
    for (const r of f.routines) {
      s += `ROUTINE ======================== ${r.name} in ${r.file}\n`;
      s += `${padLeft(formatValue(rpt, r.flat), 10)} ${padLeft(formatValue(rpt, r.cum), 10)} (flat, cum) ${percentage(r.cum, list.total)} of Total\n`;
      if (r.error !== undefined) {
        s += ` Error: ${r.error}\n`;
        continue;
      }
      for (const l of r.lines) {
        s += `${padLeft(valueOrDot(rpt, l.flat), 10)} ${padLeft(valueOrDot(rpt, l.cum), 10)} ${padLeft(String(l.lineno), 6)}:${l.text}\n`;
      }
    }
  }
  return s;
}
