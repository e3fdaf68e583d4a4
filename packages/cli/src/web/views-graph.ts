// The graph view: the same call graph as `fluoro pprof -svg` (the dot
// report's nodes and edges), laid out by graphviz compiled to WebAssembly on
// the server. The page draws the SVG itself after removing anything active.

import type { Config } from '../driver/options.js';
import { composeDot, createSvgRenderer, dotReport, type SvgRenderer } from '../report/graph-api.js';
import { withOutputUnit } from '../report/report.js';
import type { GraphView } from './contract.js';
import { prepare, type Session } from './session.js';
import { header } from './views.js';

/** graphView lays out the dot graph of the current settings. */
export async function graphView(s: Session, q: URLSearchParams): Promise<GraphView> {
  const pr = prepare(s, q, (cfg: Config) => {
    cfg.report = 'svg';
  });
  const report = dotReport(pr);
  const dot = composeDot(report);
  const render = await startGraphviz(s);
  return { ...header({ ...pr, rpt: withOutputUnit(pr.rpt, report.outputUnit) }), svg: render(dot) };
}

/**
 * startGraphviz starts the session's graphviz unless it is started: the
 * server does so as it starts listening, since the UI's first page is the
 * graph. A graphviz that failed to start is tried again on the next call.
 */
export function startGraphviz(s: Session): Promise<SvgRenderer> {
  if (!s.svg) {
    s.svg = createSvgRenderer();
    s.svg.catch(() => (s.svg = undefined));
  }
  return s.svg;
}
