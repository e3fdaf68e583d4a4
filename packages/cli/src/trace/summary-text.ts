// Prints -summary's data (summary.ts) as plain aligned text. Every string
// from the trace goes through printable(): it is the application's data.

import { scaledLabel } from '../measurement/units.js';
import { isAppFrame } from './frames.js';
import type { LatencyStats } from './stats.js';
import type { LongestTask, RequestRow, TraceSummary } from './summary.js';
import { printable } from './text.js';

/** SummaryTextOptions adjust how paths print. */
export interface SummaryTextOptions {
  /** Files under this directory print relative to it. */
  cwd?: string;
}

// Frames printed in a task's stack: down to the first application frame, and
// a few callers after it for context.
const STACK_CONTEXT = 3;
const STACK_MAX = 12;
// Tasks shorter than this get one line: a stack of a millisecond or two is noise.
const DETAILED_TASK_MICROS = 10_000;

function us(v: number): string {
  return scaledLabel(v, 'microseconds', 'minimum');
}

function pct(v: number): string {
  return (v * 100).toFixed(1) + '%';
}

// table aligns rows into columns two spaces apart; right[c] right-aligns column c.
function table(rows: string[][], right: boolean[], indent: string): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) =>
    (
      indent +
      r
        .map((c, i) => {
          if (i === r.length - 1 && !right[i]) return c;
          const fill = ' '.repeat(widths[i] - [...c].length);
          return right[i] ? fill + c : c + fill;
        })
        .join('  ')
    ).trimEnd(),
  );
}

function frameText(frame: string, o: SummaryTextOptions): string {
  let f = frame;
  if (o.cwd) {
    const prefix = o.cwd.endsWith('/') ? o.cwd : o.cwd + '/';
    const at = f.indexOf(' ' + prefix);
    if (at >= 0) f = f.slice(0, at + 1) + f.slice(at + 1 + prefix.length);
  }
  return printable(f);
}

function header(s: TraceSummary): string[] {
  const parts = [`Trace: ${us(s.duration)}`];
  if (s.timeNanos > 0) parts.push(`from ${new Date(s.timeNanos / 1e6).toISOString()}`);
  if (s.pid > 0) parts.push(`pid ${s.pid}`);
  if (s.nodeVersion !== '') parts.push(`node ${printable(s.nodeVersion)}`);
  const out = [parts.join(', ')];
  for (const w of s.warnings) out.push(`Warning: ${w}`);
  out.push('');
  if (s.loop) {
    out.push(`Event loop: busy ${pct(s.loop.utilization)} (${us(s.loop.activeMs * 1000)} active, ${us(s.loop.idleMs * 1000)} idle), ${s.slices} macrotask slices`);
  } else {
    out.push(`Event loop: ${s.slices} macrotask slices`);
  }
  return out;
}

function stackLines(stack: string[], o: SummaryTextOptions): string[] {
  const app = stack.findIndex(isAppFrame);
  const n = Math.min(stack.length, STACK_MAX, app < 0 ? STACK_CONTEXT * 2 : app + 1 + STACK_CONTEXT);
  const lines = stack.slice(0, n).map((f) => frameText(f, o));
  if (stack.length > n) lines.push(`... ${stack.length - n} more`);
  return lines;
}

function longTasks(tasks: LongestTask[], o: SummaryTextOptions): string[] {
  if (tasks.length === 0) return [];
  const out = ['', 'Longest tasks:'];
  for (const t of tasks) {
    const where = [`${printable(t.kind)} at ${us(t.at)}`];
    if (t.request) where.push(`in ${printable(t.request)}`);
    if (t.open) where.push('still running at the end');
    if (t.dur < DETAILED_TASK_MICROS) {
      out.push(`  ${us(t.dur)}  ${where.join(', ')}: ${frameText(t.func, o)}`);
      continue;
    }
    out.push(`  ${us(t.dur)}  ${where.join(', ')}`);
    if (t.frames.length > 0) out.push(`    hottest: ${t.frames.map((f) => `${frameText(f.frame, o)} (${f.samples})`).join(', ')}`);
    const stack = stackLines(t.stack, o);
    stack.forEach((f, i) => out.push(`    ${i === 0 ? 'stack:  ' : '        '} ${f}`));
  }
  return out;
}

function gc(s: TraceSummary): string[] {
  const g = s.gc;
  const main = g.count === 0 ? 'GC: no pauses on the main thread' : `GC: ${g.count} pauses on the main thread (${g.minor} minor, ${g.major} major), ${us(g.total)} in all, longest ${us(g.max)}`;
  const o = s.otherGc;
  const others = o.count > 0 ? [`    and ${o.count} on ${o.threads} other thread${o.threads === 1 ? '' : 's'}, ${us(o.total)} in all`] : [];
  return ['', main, ...others];
}

function causes(r: RequestRow, o: SummaryTextOptions): string[] {
  const out: string[] = [];
  for (const u of r.upstream) {
    const phase = u.phase ? ` (${printable(u.phase.name)} ${us(u.phase.dur)})` : '';
    const failed = u.error !== undefined ? `, failed: ${printable(u.error)}` : '';
    out.push(`waited ${us(u.dur)} for ${printable(u.name)}${phase}${failed}`);
  }
  // Holds under a twentieth of the latency are the loop's ordinary traffic.
  if (r.loopHold && r.loopHold.dur >= r.dur / 20) {
    const by = r.loopHold.request ? ` (${printable(r.loopHold.request)})` : '';
    out.push(`loop held ${us(r.loopHold.dur)} by other tasks, the longest in ${frameText(r.loopHold.func, o)}${by}`);
  }
  if (r.ownWork && r.ownWork.dur >= r.dur / 10) out.push(`ran ${us(r.ownWork.dur)} on the loop itself, in ${frameText(r.ownWork.func, o)}`);
  return out;
}

function requests(s: TraceSummary, o: SummaryTextOptions): string[] {
  const q = s.requests;
  if (q.server + q.client === 0) return ['', 'HTTP requests: none'];
  const out = ['', `HTTP requests: ${q.server} server, ${q.client} client, ${q.failed} failed; slowest first:`];
  const rows = [['latency', 'status', 'request', 'longest phase']];
  const extra: string[][] = [[]];
  for (const r of q.slowest) {
    const status = r.error !== undefined ? 'error' : r.status === 0 ? '-' : String(r.status);
    rows.push([(r.partial ? '>' : '') + us(r.dur), status, `${r.side} ${printable(r.name)}`, r.phase ? `${printable(r.phase.name)} ${us(r.phase.dur)}` : '']);
    extra.push(causes(r, o));
  }
  const lines = table(rows, [true, true, false, false], '  ');
  const pad = ' '.repeat(lines[0].indexOf('status'));
  lines.forEach((l, i) => {
    out.push(l);
    for (const c of extra[i]) out.push(pad + c);
  });
  return out;
}

function latency(title: string, stats: LatencyStats[]): string[] {
  if (stats.length === 0) return [];
  const rows = [['name', 'count', 'p50', 'p90', 'p99', 'max']];
  for (const s of stats) {
    const count = s.open > 0 ? `${s.count}+${s.open} open` : String(s.count);
    rows.push([printable(s.name), count, ...(s.count > 0 ? [s.p50, s.p90, s.p99, s.max].map(us) : ['-', '-', '-', '-'])]);
  }
  return ['', `${title}:`, ...table(rows, [false, true, true, true, true, true], '  ')];
}

function waits(s: TraceSummary): string[] {
  if (s.waits.length === 0) return [];
  const parts = s.waits.map((w) => `${printable(w.type)} ${us(w.dur)} in ${w.count}`);
  return ['', `Waits (fluoro trace -pprof=TYPE): ${parts.join(', ')}`];
}

/** formatSummary prints a summary as text, ending in a newline. */
export function formatSummary(s: TraceSummary, o: SummaryTextOptions = {}): string {
  const lines = [
    ...header(s),
    ...longTasks(s.longTasks, o),
    ...gc(s),
    ...requests(s, o),
    ...latency('User tasks', s.tasks),
    ...latency('User regions', s.regions),
    ...waits(s),
  ];
  return lines.join('\n') + '\n';
}
