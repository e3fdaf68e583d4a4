// @fluoro/cli: the analyzer behind `fluoro pprof`, usable as a library.
export { runPprof, type PprofResult } from './driver/pprof.js';
export { AnalyzerError } from './errors.js';
export { buildGraph, sortNodes, type Graph, type GraphNode } from './graph/graph.js';
export { topRows, formatTop, type TopRow, type TopReport } from './report/top.js';
export { scale, scaledLabel, percentage, UNIT_TYPES } from './measurement/units.js';
export { dotReport, renderDot, composeDot, renderSvg, createSvgRenderer, type DotReport, type GraphSource, type SvgRenderer } from './report/graph-api.js';
