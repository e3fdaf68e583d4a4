// The graph reports as a library, for the web UI and other front ends: the
// dot graph of a prepared report as data or text, and SVG layout without a
// system graphviz.

export { dotReport, renderDot, type GraphSource } from './generate.js';
export { composeDot, type DotConfig, type DotReport } from './dot.js';
export { createSvgRenderer, massageSvg, renderSvg, type SvgRenderer } from './svg.js';
export { treeEntries, formatTree, type TreeReport } from './tree.js';
export { listSource, formatList, type ListReport } from './list.js';
