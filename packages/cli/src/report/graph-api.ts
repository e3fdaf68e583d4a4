// The graph reports as a library, for the web UI and other front ends: the
// dot graph of a prepared report as data or text, and SVG layout without a
// system graphviz.

export { dotReport, renderDot, type GraphSource } from './generate.js';
export { composeDot, type DotConfig, type DotReport } from './dot.js';
export { createSvgRenderer, embeddableSvg, massageSvg, renderSvg, type SvgOptions, type SvgRenderer } from './svg.js';
export { webGraph, type WebGraph } from './webgraph.js';
export { treeEntries, formatTree, type TreeReport } from './tree.js';
export { listSource, formatList, type ListReport } from './list.js';
