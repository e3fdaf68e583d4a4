// The views about one function (f, as in pprof's UI, which also focuses on
// it): Sandwich (a flame graph of its callers over one of its callees),
// Peek (its callers and callees with their weights, as -peek lists them)
// and Source (its lines with flat and cum, as -list shows them).

import type { Config } from '../driver/options.js';
import { compileRegexp } from '../driver/regexp.js';
import { flameGraph, DEFAULT_FLAME_OPTIONS } from '../report/flamegraph.js';
import { listSource } from '../report/list.js';
import { sourcePathTrimmer } from '../report/sourcefile.js';
import { treeEntries } from '../report/tree.js';
import type { PeekView, SandwichView, SourceView } from './contract.js';
import { prepare, requireParam, type Session } from './session.js';
import { confineSources } from './sourcefiles.js';
import { header } from './views.js';
import { withOutputUnit } from '../report/report.js';

/** sandwichView computes both halves of the sandwich from one prepared profile. */
export function sandwichView(s: Session, q: URLSearchParams): SandwichView {
  const re = compileRegexp('argument', requireParam(q, 'f', 'the function to show'));
  const pr = prepare(s, q, (cfg: Config) => {
    cfg.trim = false;
  });
  return {
    ...header(pr),
    callers: flameGraph(pr.rpt, { ...DEFAULT_FLAME_OPTIONS, anchor: { re, direction: 'callers' } }),
    callees: flameGraph(pr.rpt, { ...DEFAULT_FLAME_OPTIONS, anchor: { re, direction: 'callees' } }),
  };
}

/** peekView lists callers and callees of the functions matching f. */
export function peekView(s: Session, q: URLSearchParams): PeekView {
  const re = compileRegexp('argument', requireParam(q, 'f', 'the functions to peek at'));
  const pr = prepare(s, q, (cfg: Config) => {
    cfg.report = 'peek';
    cfg.symbol = re.source;
  });
  const tree = treeEntries(pr.rpt, re);
  return { ...header({ ...pr, rpt: withOutputUnit(pr.rpt, tree.outputUnit) }), entries: tree.entries };
}

/** sourceView annotates the source of the functions matching f, reading only files inside the source path. */
export function sourceView(s: Session, q: URLSearchParams): SourceView {
  const re = compileRegexp('argument', requireParam(q, 'f', 'the functions to list'));
  const pr = prepare(
    s,
    q,
    (cfg: Config) => {
      cfg.report = 'list';
      cfg.symbol = re.source;
    },
    { own: true },
  );
  const trim = sourcePathTrimmer(pr.cfg.trimPath, pr.cfg.sourcePath);
  for (const f of pr.rpt.prof.function) f.filename = trim(f.filename);
  const refused = confineSources(pr.rpt.prof, pr.cfg.sourcePath, re);
  const list = listSource(pr.rpt, re, pr.cfg.sourcePath);
  const h = header(pr);
  return { ...h, warnings: [...h.warnings, ...refused], list };
}
