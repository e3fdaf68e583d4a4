// The graph view: the same call graph as `fluoro pprof -svg` (the dot
// report's nodes and edges), laid out by graphviz compiled to WebAssembly on
// the server. The page draws the SVG itself after removing anything active.

import type { Config } from '../driver/options.js';
import { composeDot, createSvgRenderer, dotReport } from '../report/graph-api.js';
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
  if (!s.svg) {
    s.svg = createSvgRenderer();
    // A graphviz that failed to start is tried again on the next request.
    s.svg.catch(() => (s.svg = undefined));
  }
  const render = await s.svg;
  return { ...header({ ...pr, rpt: withOutputUnit(pr.rpt, report.outputUnit) }), svg: render(dot) };
}
