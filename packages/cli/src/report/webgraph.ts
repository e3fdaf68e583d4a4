// The graph view of a web UI, as pprof's web interface builds it: the dot
// graph without its legend box (the page shows the legend lines itself),
// laid out as inline SVG, with the function name of each node number so the
// page can map a clicked node (id "nodeN") back to a function.

import { composeDot } from './dot.js';
import { dotReport, type GraphSource } from './generate.js';
import type { SvgRenderer } from './svg.js';

/** WebGraph is what a graph page shows. */
export interface WebGraph {
  /** Inline SVG, starting at <svg>. */
  svg: string;
  /** The legend lines (File:, Type:, Showing nodes ...). */
  legend: string[];
  /** nodes[i] is the function name of dot node i; nodes[0] is "" (dot numbers from 1). */
  nodes: string[];
}

/** webGraph lays out a prepared report's graph for a page; render must come from createSvgRenderer({ embed: true }). */
export function webGraph(prepared: GraphSource, render: SvgRenderer): WebGraph {
  const dot = dotReport(prepared);
  const legend = dot.config.labels;
  const svg = render(composeDot({ graph: dot.graph, config: { ...dot.config, labels: [] } }));
  return { svg, legend, nodes: ['', ...dot.graph.nodes.map((n) => n.info.name)] };
}
